import type { PostgrestError, SupabaseClient } from '@supabase/supabase-js';
import type { FrictionRow, TeamRef } from '#lib/domain/friction/hotspots.js';
import type { ImpactRow } from '#lib/domain/metrics/impact.js';
import { DEFAULT_TARGETS, type TargetMetric } from '#lib/domain/metrics/targets.js';
import type { TouchpointMetricsRow } from '#lib/domain/metrics/touchpoint.js';
import {
	impactHeadline,
	openActionsByTouchpoint,
	teamTouchpoints,
	type TeamAction,
	type TeamSummary,
	type TeamTouchpoint
} from '#lib/domain/teams.js';
import type { ImpactVerdict } from '#lib/domain/metrics/impact.js';
import { DataError, denied, raise } from './errors.js';

/**
 * Teams of a workspace and what they own, through supabase-js as the user (RLS: members read,
 * editors write). Counts come from `team_overview` (SQL), the team page from
 * `friction_hotspots`, `touchpoint_metrics` and `journey_targets` per journey it has
 * touchpoints on, and `action_impact` for its shipped actions.
 */

/** PostgREST returns at most 1,000 rows a request (db-max-rows): read a list page by page. */
async function everyRow<T>(page: (from: number, to: number) => PromiseLike<{ data: T[] | null; error: PostgrestError | null }>, what: string): Promise<T[]> {
	const size = 1000;
	const out: T[] = [];
	for (let from = 0; ; from += size) {
		const { data, error } = await page(from, from + size - 1);
		if (error) raise(error, what);
		out.push(...(data ?? []));
		if (!data || data.length < size) return out;
	}
}

export async function listTeams(db: SupabaseClient, workspaceId: string): Promise<TeamSummary[]> {
	const { data, error } = await db.rpc('team_overview', { p_workspace_id: workspaceId });
	if (error) raise(error, 'list the teams');
	return (data as { team_id: string; name: string; description: string; created_at: string; touchpoints: number; open_actions: number; actions: number }[]).map((t) => ({
		id: t.team_id,
		name: t.name,
		description: t.description,
		createdAt: t.created_at,
		touchpoints: t.touchpoints,
		openActions: t.open_actions,
		actions: t.actions
	}));
}

/** The workspace's teams as choices for a form or filter (names only, no counts). */
export async function teamNames(db: SupabaseClient, workspaceId: string): Promise<TeamRef[]> {
	const { data, error } = await db.from('teams').select('id, name').eq('workspace_id', workspaceId).order('name');
	if (error) raise(error, 'list the teams');
	return data;
}

/** The names are unique per workspace, ignoring case and outer spaces (teams_name_idx). */
function refuse(error: PostgrestError, name: string, what: string): never {
	if (error.code === '23505') throw new DataError(`There is already a team called “${name}”.`);
	raise(error, what);
}

export async function createTeam(db: SupabaseClient, workspaceId: string, name: string, description = ''): Promise<string> {
	const { data, error } = await db.from('teams').insert({ workspace_id: workspaceId, name, description }).select('id');
	if (error) refuse(error, name, 'create the team');
	if (!data.length) denied('create the team');
	return data[0]!.id as string;
}

export async function updateTeam(db: SupabaseClient, workspaceId: string, id: string, fields: { name: string; description: string }): Promise<void> {
	const { data, error } = await db.from('teams').update(fields).eq('workspace_id', workspaceId).eq('id', id).select('id');
	if (error) refuse(error, fields.name, 'rename the team');
	if (!data.length) denied('rename the team');
}

/** Deletes a team; its touchpoints and actions keep existing, without a team (on delete set null). */
export async function deleteTeam(db: SupabaseClient, workspaceId: string, id: string): Promise<void> {
	const { data, error } = await db.from('teams').delete().eq('workspace_id', workspaceId).eq('id', id).select('id');
	if (error) raise(error, 'delete the team');
	if (!data.length) denied('delete the team');
}

/** The workspace's teams by name, and the owning team of every owned touchpoint (for the Hotspots view). */
export async function touchpointTeams(db: SupabaseClient, workspaceId: string): Promise<{ teams: TeamRef[]; byTouchpoint: Map<string, TeamRef> }> {
	const [teams, owners] = await Promise.all([
		db.from('teams').select('id, name').eq('workspace_id', workspaceId).order('name'),
		everyRow<{ touchpoint_id: string; team_id: string }>(
			(from, to) =>
				db.from('touchpoint_owners').select('touchpoint_id, team_id').eq('workspace_id', workspaceId).not('team_id', 'is', null).order('touchpoint_id').range(from, to),
			'read who owns the touchpoints'
		)
	]);
	if (teams.error) raise(teams.error, 'list the teams');
	const byId = new Map((teams.data as TeamRef[]).map((t) => [t.id, t]));
	const byTouchpoint = new Map<string, TeamRef>();
	for (const o of owners) {
		const team = byId.get(o.team_id);
		if (team) byTouchpoint.set(o.touchpoint_id, team);
	}
	return { teams: teams.data as TeamRef[], byTouchpoint };
}

export interface ShippedAction extends TeamAction {
	impact: ImpactVerdict | null;
}

export interface TeamPage {
	team: { id: string; name: string; description: string };
	touchpoints: TeamTouchpoint[];
	openActions: TeamAction[];
	/** The most recently shipped, newest first, each with the headline of its impact. */
	shipped: ShippedAction[];
}

const SHIPPED_SHOWN = 12;
const ACTION_COLUMNS =
	'id, title, status, due_on, shipped_on, expected_metric, touchpoint_id, journey_id, touchpoints(name), journeys(name), profiles!actions_owner_id_fkey(display_name, email)';
interface ActionRow {
	id: string;
	title: string;
	status: TeamAction['status'];
	due_on: string | null;
	shipped_on: string | null;
	expected_metric: TeamAction['expectedMetric'];
	touchpoint_id: string | null;
	journey_id: string;
	touchpoints: { name: string } | null;
	journeys: { name: string } | null;
	profiles: { display_name: string; email: string } | null;
}
const toAction = (a: ActionRow): TeamAction => ({
	id: a.id,
	title: a.title,
	status: a.status,
	dueOn: a.due_on,
	shippedOn: a.shipped_on,
	expectedMetric: a.expected_metric,
	touchpointId: a.touchpoint_id,
	touchpointName: a.touchpoints?.name ?? null,
	journeyId: a.journey_id,
	journeyName: a.journeys?.name ?? 'A journey',
	ownerName: a.profiles ? a.profiles.display_name || a.profiles.email : null
});

/** The window of the team page's metrics and friction ([from, to), ISO; null = open). */
export interface Period {
	from: string | null;
	to: string | null;
}

/** A team's page; null when the workspace has no such team (or the user cannot read it). */
export async function loadTeamPage(db: SupabaseClient, workspaceId: string, teamId: string, period: Period = { from: null, to: null }): Promise<TeamPage | null> {
	const [team, owned, open, shipped, journeys] = await Promise.all([
		db.from('teams').select('id, name, description').eq('workspace_id', workspaceId).eq('id', teamId).maybeSingle(),
		everyRow<{ touchpoint_id: string; profiles: { display_name: string; email: string } | null; touchpoints: { journey_id: string } }>(
			(from, to) =>
				db
					.from('touchpoint_owners')
					.select('touchpoint_id, profiles(display_name, email), touchpoints!inner(journey_id)')
					.eq('workspace_id', workspaceId)
					.eq('team_id', teamId)
					.is('touchpoints.archived_at', null)
					.order('touchpoint_id')
					.range(from, to)
					.returns<{ touchpoint_id: string; profiles: { display_name: string; email: string } | null; touchpoints: { journey_id: string } }[]>(),
			'list the team’s touchpoints'
		),
		db.from('actions').select(ACTION_COLUMNS).eq('workspace_id', workspaceId).eq('team_id', teamId).in('status', ['proposed', 'planned', 'in_progress']).order('due_on', { nullsFirst: false }).order('rank').returns<ActionRow[]>(),
		db.from('actions').select(ACTION_COLUMNS).eq('workspace_id', workspaceId).eq('team_id', teamId).eq('status', 'done').order('shipped_on', { ascending: false }).limit(SHIPPED_SHOWN).returns<ActionRow[]>(),
		db.from('journeys').select('id').eq('workspace_id', workspaceId).is('archived_at', null)
	]);
	if (team.error) raise(team.error, 'load the team');
	if (!team.data) return null;
	if (open.error) raise(open.error, 'list the team’s actions');
	if (shipped.error) raise(shipped.error, 'list the team’s shipped actions');
	if (journeys.error) raise(journeys.error, 'list the journeys');

	const live = new Set(journeys.data.map((j) => j.id as string));
	const journeyIds = [...new Set(owned.map((o) => o.touchpoints.journey_id))].filter((id) => live.has(id));
	const [perJourney, impacts] = await Promise.all([Promise.all(journeyIds.map((id) => journeyEvidence(db, workspaceId, id, period))), Promise.all(shipped.data.map((a) => impactOf(db, a)))]);

	const openActions = open.data.map(toAction);
	return {
		team: team.data as TeamPage['team'],
		touchpoints: teamTouchpoints(
			owned.map((o) => ({ touchpointId: o.touchpoint_id, memberName: o.profiles ? o.profiles.display_name || o.profiles.email : null })),
			perJourney.flatMap((j) => j.friction),
			new Map(perJourney.flatMap((j) => j.metrics.map((m) => [m.touchpoint_id, m] as const))),
			new Map(perJourney.map((j) => [j.journeyId, j.targets])),
			openActionsByTouchpoint(openActions)
		),
		openActions,
		shipped: shipped.data.map((a, i) => ({ ...toAction(a), impact: impacts[i]! }))
	};
}

/** Friction, metrics and targets of one journey (everyone, in the period). */
async function journeyEvidence(db: SupabaseClient, workspaceId: string, journeyId: string, period: Period) {
	const window = { p_from: period.from, p_to: period.to };
	const [friction, metrics, targets] = await Promise.all([
		db.rpc('friction_hotspots', { p_workspace_id: workspaceId, p_journey_id: journeyId, ...window }),
		db.rpc('touchpoint_metrics', { p_journey_id: journeyId, ...window }),
		db.rpc('journey_targets', { p_journey_id: journeyId })
	]);
	if (friction.error) raise(friction.error, 'rank the touchpoints by friction');
	if (metrics.error) raise(metrics.error, 'load the metrics');
	if (targets.error) raise(targets.error, 'load the targets');
	return {
		journeyId,
		friction: friction.data as FrictionRow[],
		metrics: metrics.data as TouchpointMetricsRow[],
		targets: { ...DEFAULT_TARGETS, ...Object.fromEntries((targets.data as { metric: TargetMetric; target: number }[]).map((t) => [t.metric, t.target])) }
	};
}

/** The impact headline of a shipped action; a refusal (no touchpoint, no ship date) is no headline. */
async function impactOf(db: SupabaseClient, action: ActionRow): Promise<ImpactVerdict | null> {
	if (!action.expected_metric || !action.touchpoint_id) return null;
	const { data, error } = await db.rpc('action_impact', { p_action_id: action.id });
	if (error && error.code !== 'P0001') raise(error, 'measure an action’s impact');
	return impactHeadline(toAction(action), error ? null : (data as ImpactRow[]));
}
