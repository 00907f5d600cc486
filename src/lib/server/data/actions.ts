import type { SupabaseClient } from '@supabase/supabase-js';
import type { Action, ActionFilters, ActionStatus } from '#lib/domain/actions.js';
import type { ImpactMetric, ImpactRow } from '#lib/domain/metrics/impact.js';
import { DataError, denied, raise } from './errors.js';

/**
 * Actions over supabase-js as the signed-in member: RLS lets members read and editors write;
 * the timeline's created/status events are written by a trigger, comments by members.
 */
interface ActionRow {
	id: string;
	journey_id: string;
	touchpoint_id: string | null;
	note_id: string | null;
	title: string;
	description: string;
	status: ActionStatus;
	owner_id: string | null;
	team_id: string | null;
	due_on: string | null;
	expected_metric: ImpactMetric | null;
	expected_effect: string;
	shipped_on: string | null;
	rank: number;
	created_at: string;
	updated_at: string;
	journeys: { name: string } | null;
	touchpoints: { name: string } | null;
	teams: { name: string } | null;
	owner: { display_name: string; email: string } | null;
}

const COLUMNS =
	'id, journey_id, touchpoint_id, note_id, title, description, status, owner_id, team_id, due_on, expected_metric, expected_effect, shipped_on, rank, created_at, updated_at, journeys(name), touchpoints(name), teams(name), owner:profiles!actions_owner_id_fkey(display_name, email)';

const toAction = (row: ActionRow): Action => ({
	id: row.id,
	journeyId: row.journey_id,
	journeyName: row.journeys?.name ?? '',
	touchpointId: row.touchpoint_id,
	touchpointName: row.touchpoints?.name ?? null,
	noteId: row.note_id,
	title: row.title,
	description: row.description,
	status: row.status,
	ownerId: row.owner_id,
	ownerName: row.owner ? row.owner.display_name || row.owner.email : null,
	teamId: row.team_id,
	teamName: row.teams?.name ?? null,
	dueOn: row.due_on,
	expectedMetric: row.expected_metric,
	expectedEffect: row.expected_effect,
	shippedOn: row.shipped_on,
	rank: row.rank,
	createdAt: row.created_at,
	updatedAt: row.updated_at
});

/** Actions of the workspace, narrowed in SQL by journey, team, owner, status and touchpoint. */
export async function listActions(
	db: SupabaseClient,
	workspaceId: string,
	filters: Pick<ActionFilters, 'journeyId' | 'teamId' | 'ownerId' | 'status'> & { touchpointId?: string | null } = { journeyId: null, teamId: null, ownerId: null, status: null }
): Promise<Action[]> {
	let query = db.from('actions').select(COLUMNS).eq('workspace_id', workspaceId);
	if (filters.journeyId) query = query.eq('journey_id', filters.journeyId);
	if (filters.teamId) query = query.eq('team_id', filters.teamId);
	if (filters.ownerId) query = query.eq('owner_id', filters.ownerId);
	if (filters.status) query = query.eq('status', filters.status);
	if (filters.touchpointId) query = query.eq('touchpoint_id', filters.touchpointId);
	const { data, error } = await query.order('rank').limit(2000).returns<ActionRow[]>();
	if (error) raise(error, 'list the actions');
	return data.map(toAction);
}

export async function getAction(db: SupabaseClient, workspaceId: string, id: string): Promise<Action | null> {
	const { data, error } = await db.from('actions').select(COLUMNS).eq('workspace_id', workspaceId).eq('id', id).maybeSingle<ActionRow>();
	if (error) raise(error, 'load the action');
	return data ? toAction(data) : null;
}

/** The fields a form sets; null clears. */
export interface ActionFields {
	title: string;
	description: string;
	ownerId: string | null;
	teamId: string | null;
	dueOn: string | null;
	expectedMetric: ImpactMetric | null;
	expectedEffect: string;
}

const columns = (f: Partial<ActionFields>) => ({
	...(f.title !== undefined && { title: f.title }),
	...(f.description !== undefined && { description: f.description }),
	...(f.ownerId !== undefined && { owner_id: f.ownerId }),
	...(f.teamId !== undefined && { team_id: f.teamId }),
	...(f.dueOn !== undefined && { due_on: f.dueOn }),
	...(f.expectedMetric !== undefined && { expected_metric: f.expectedMetric }),
	...(f.expectedEffect !== undefined && { expected_effect: f.expectedEffect })
});

export async function createAction(
	db: SupabaseClient,
	workspaceId: string,
	target: { journeyId: string; touchpointId: string | null; noteId: string | null },
	fields: ActionFields
): Promise<string> {
	const { data, error } = await db
		.from('actions')
		.insert({ workspace_id: workspaceId, journey_id: target.journeyId, touchpoint_id: target.touchpointId, note_id: target.noteId, ...columns(fields) })
		.select('id')
		.single();
	if (error) raise(error, 'create the action');
	return data.id as string;
}

async function updateRow(db: SupabaseClient, workspaceId: string, id: string, values: object, what: string) {
	const { data, error } = await db.from('actions').update(values).eq('workspace_id', workspaceId).eq('id', id).select('id');
	if (error) raise(error, what);
	if (data.length === 0) denied(what);
}

export const updateAction = (db: SupabaseClient, workspaceId: string, id: string, fields: Partial<ActionFields>) =>
	updateRow(db, workspaceId, id, columns(fields), 'change the action');

/**
 * Moves an action to a status (and a place in its board column). Done needs the ship date the
 * impact is measured from; leaving done keeps the date so a slip back and forth loses nothing.
 */
export async function moveAction(db: SupabaseClient, workspaceId: string, id: string, status: ActionStatus, options: { rank?: number; shippedOn?: string | null } = {}) {
	if (status === 'done' && !options.shippedOn) {
		const current = await getAction(db, workspaceId, id);
		if (!current) denied('move the action');
		if (!current.shippedOn) throw new DataError('Give the date it shipped to mark an action done: its impact is measured from that day.');
	}
	await updateRow(
		db,
		workspaceId,
		id,
		{ status, ...(options.rank !== undefined && { rank: options.rank }), ...(options.shippedOn && { shipped_on: options.shippedOn }) },
		'move the action'
	);
}

export async function deleteAction(db: SupabaseClient, workspaceId: string, id: string) {
	const { data, error } = await db.from('actions').delete().eq('workspace_id', workspaceId).eq('id', id).select('id');
	if (error) raise(error, 'delete the action');
	if (data.length === 0) denied('delete the action');
}

export interface ActionEvent {
	id: number;
	kind: 'created' | 'status' | 'comment';
	fromStatus: ActionStatus | null;
	toStatus: ActionStatus | null;
	body: string | null;
	authorId: string | null;
	authorName: string;
	createdAt: string;
}

export async function listEvents(db: SupabaseClient, actionId: string): Promise<ActionEvent[]> {
	const { data, error } = await db
		.from('action_events')
		.select('id, kind, from_status, to_status, body, author_id, created_at, profiles(display_name, email)')
		.eq('action_id', actionId)
		.order('id')
		.returns<
			{ id: number; kind: ActionEvent['kind']; from_status: ActionStatus | null; to_status: ActionStatus | null; body: string | null; author_id: string | null; created_at: string; profiles: { display_name: string; email: string } | null }[]
		>();
	if (error) raise(error, 'load the history');
	return data.map((e) => ({
		id: e.id,
		kind: e.kind,
		fromStatus: e.from_status,
		toStatus: e.to_status,
		body: e.body,
		authorId: e.author_id,
		authorName: e.profiles ? e.profiles.display_name || e.profiles.email : 'Former member',
		createdAt: e.created_at
	}));
}

export async function addComment(db: SupabaseClient, workspaceId: string, actionId: string, authorId: string, body: string) {
	const { error } = await db.from('action_events').insert({ workspace_id: workspaceId, action_id: actionId, kind: 'comment', body, author_id: authorId });
	if (error) raise(error, 'comment');
}

export async function deleteComment(db: SupabaseClient, actionId: string, eventId: number) {
	const { data, error } = await db.from('action_events').delete().eq('action_id', actionId).eq('id', eventId).eq('kind', 'comment').select('id');
	if (error) raise(error, 'delete the comment');
	if (data.length === 0) denied('delete the comment');
}

export async function actionImpact(db: SupabaseClient, actionId: string, windowDays: number): Promise<ImpactRow[]> {
	const { data, error } = await db.rpc('action_impact', { p_action_id: actionId, p_window_days: windowDays });
	if (error) raise(error, 'measure the impact');
	return data as ImpactRow[];
}

/** Weekly values of one metric at a touchpoint between two instants, for the impact chart. */
export async function impactTrend(db: SupabaseClient, touchpointId: string, metric: ImpactMetric, from: Date, to: Date) {
	const { data, error } = await db.rpc('touchpoint_trend', { p_touchpoint_id: touchpointId, p_metric: metric, p_bucket: 'week', p_from: from.toISOString(), p_to: to.toISOString() });
	if (error) raise(error, 'load the trend');
	return data as { bucket_start: string; value: number | null; n: number; low: number | null; high: number | null }[];
}
