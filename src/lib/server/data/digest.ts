import type { SupabaseClient } from '@supabase/supabase-js';
import { OPEN_STATUSES, type ActionStatus } from '#lib/domain/actions.js';
import { CLOSED_STATUSES, hotspotsWithoutActions, overdueActions, staleJourneys, todayUtc, type HotspotRef, type StaleJourney } from '#lib/domain/digest.js';
import { loadWorkspaceFreshness } from './freshness.js';
import { raise } from './errors.js';

/**
 * The workspace digest over supabase-js as the user: journeys going stale (journeys +
 * workspace_freshness), hotspots nobody acts on (friction_hotspots against open actions) and
 * overdue actions with their owner and team. Which is which is decided in src/lib/domain/digest.ts.
 */
export interface OverdueAction {
	id: string;
	title: string;
	status: ActionStatus;
	dueOn: string;
	daysOverdue: number;
	journeyId: string;
	journeyName: string;
	touchpointId: string | null;
	touchpointName: string | null;
	ownerName: string | null;
	teamName: string | null;
}

/** A hotspot nobody acts on, with the team that owns its touchpoint (whom to ask). */
export interface UnactedHotspot extends HotspotRef {
	teamName: string | null;
}

export interface Digest {
	staleAfterWeeks: number;
	journeyCount: number;
	staleJourneys: StaleJourney[];
	hotspotCount: number;
	unactedHotspots: UnactedHotspot[];
	overdueActions: OverdueAction[];
	today: string;
}

interface OverdueRow {
	id: string;
	title: string;
	status: ActionStatus;
	due_on: string | null;
	journey_id: string;
	touchpoint_id: string | null;
	journeys: { name: string } | null;
	touchpoints: { name: string } | null;
	teams: { name: string } | null;
	owner: { display_name: string; email: string } | null;
}

export async function loadDigest(db: SupabaseClient, workspaceId: string, now = Date.now()): Promise<Digest> {
	const today = todayUtc(now);
	const [journeys, freshness, friction, open, late, owners] = await Promise.all([
		db.from('journeys').select('id, name, updated_at').eq('workspace_id', workspaceId).is('archived_at', null).order('name'),
		loadWorkspaceFreshness(db, workspaceId),
		db.rpc('friction_hotspots', { p_workspace_id: workspaceId }),
		db.from('actions').select('touchpoint_id, status').eq('workspace_id', workspaceId).in('status', [...OPEN_STATUSES]).not('touchpoint_id', 'is', null),
		db
			.from('actions')
			.select('id, title, status, due_on, journey_id, touchpoint_id, journeys(name), touchpoints(name), teams(name), owner:profiles!actions_owner_id_fkey(display_name, email)')
			.eq('workspace_id', workspaceId)
			.lt('due_on', today)
			.not('status', 'in', `(${CLOSED_STATUSES.join(',')})`)
			.returns<OverdueRow[]>(),
		db.from('touchpoint_owners').select('touchpoint_id, teams(name)').eq('workspace_id', workspaceId).not('team_id', 'is', null).returns<{ touchpoint_id: string; teams: { name: string } | null }[]>()
	]);
	if (journeys.error) raise(journeys.error, 'list the journeys');
	if (friction.error) raise(friction.error, 'rank the touchpoints by friction');
	if (open.error) raise(open.error, 'list the open actions');
	if (late.error) raise(late.error, 'list the overdue actions');
	if (owners.error) raise(owners.error, 'read who owns the touchpoints');
	const teamOf = new Map(owners.data.map((o) => [o.touchpoint_id, o.teams?.name ?? null]));

	const hotspots = friction.data as HotspotRef[];
	return {
		staleAfterWeeks: freshness.staleAfterWeeks,
		journeyCount: journeys.data.length,
		staleJourneys: staleJourneys(
			journeys.data.map((j) => ({ id: j.id as string, name: j.name as string, updatedAt: j.updated_at as string })),
			freshness.byJourney,
			freshness.staleAfterWeeks,
			now
		),
		hotspotCount: hotspots.filter((h) => h.is_hotspot).length,
		unactedHotspots: hotspotsWithoutActions(hotspots, open.data as { touchpoint_id: string; status: string }[]).map((h) => ({
			touchpoint_id: h.touchpoint_id,
			touchpoint_name: h.touchpoint_name,
			journey_id: h.journey_id,
			journey_name: h.journey_name,
			stage_name: h.stage_name,
			friction_score: h.friction_score,
			is_hotspot: h.is_hotspot,
			explanation: h.explanation,
			teamName: teamOf.get(h.touchpoint_id) ?? null
		})),
		overdueActions: overdueActions(late.data, today).map((a) => ({
			id: a.id,
			title: a.title,
			status: a.status,
			dueOn: a.due_on!,
			daysOverdue: a.daysOverdue,
			journeyId: a.journey_id,
			journeyName: a.journeys?.name ?? '',
			touchpointId: a.touchpoint_id,
			touchpointName: a.touchpoints?.name ?? null,
			ownerName: a.owner ? a.owner.display_name || a.owner.email : null,
			teamName: a.teams?.name ?? null
		})),
		today
	};
}
