/**
 * Actions taken on hotspots: statuses and their board order, the filters of the board/list
 * (kept in the URL so a link shares them), sorting, and board ranks. Pure; the rows come from
 * src/lib/server/data/actions.ts.
 */
import { z } from 'zod';
import type { ImpactMetric } from './metrics/impact.js';

export const ACTION_STATUSES = ['proposed', 'planned', 'in_progress', 'done', 'dropped'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];
export const STATUS_LABELS: Record<ActionStatus, string> = {
	proposed: 'Proposed',
	planned: 'Planned',
	in_progress: 'In progress',
	done: 'Done',
	dropped: 'Dropped'
};
export const OPEN_STATUSES: readonly ActionStatus[] = ['proposed', 'planned', 'in_progress'];
export const isOpen = (status: ActionStatus) => OPEN_STATUSES.includes(status);

export const IMPACT_METRICS: readonly ImpactMetric[] = ['nps', 'csat', 'ces', 'frt', 'ttr'];
export const EXPECTED_METRIC_LABELS: Record<ImpactMetric, string> = {
	nps: 'NPS',
	csat: 'CSAT',
	ces: 'CES (effort)',
	frt: 'First response time',
	ttr: 'Time to resolution'
};

export interface Action {
	id: string;
	journeyId: string;
	journeyName: string;
	touchpointId: string | null;
	touchpointName: string | null;
	noteId: string | null;
	title: string;
	description: string;
	status: ActionStatus;
	ownerId: string | null;
	ownerName: string | null;
	teamId: string | null;
	teamName: string | null;
	dueOn: string | null;
	expectedMetric: ImpactMetric | null;
	expectedEffect: string;
	shippedOn: string | null;
	rank: number;
	createdAt: string;
	updatedAt: string;
}

/** A due date (YYYY-MM-DD) before today (UTC) on an action that is still open. */
export const isOverdue = (action: Pick<Action, 'dueOn' | 'status'>, today: string) =>
	action.dueOn !== null && action.dueOn < today && isOpen(action.status);

export const todayIso = (now = new Date()) => now.toISOString().slice(0, 10);

export const ACTION_SORTS = ['board', 'due', 'updated', 'title'] as const;
export type ActionSort = (typeof ACTION_SORTS)[number];

export interface ActionFilters {
	view: 'board' | 'list';
	journeyId: string | null;
	teamId: string | null;
	ownerId: string | null;
	status: ActionStatus | null;
	overdue: boolean;
	q: string;
	sort: ActionSort;
}

export const DEFAULT_ACTION_FILTERS: ActionFilters = { view: 'board', journeyId: null, teamId: null, ownerId: null, status: null, overdue: false, q: '', sort: 'board' };

const optionalId = z
	.string()
	.optional()
	.transform((v) => (v ? v : null))
	.pipe(z.uuid('That link holds an id that is not valid.').nullable());

const querySchema = z.object({
	view: z.enum(['board', 'list']).default('board'),
	journey: optionalId,
	team: optionalId,
	owner: optionalId,
	status: z
		.enum(ACTION_STATUSES, { message: 'Unknown status in the link.' })
		.optional()
		.transform((v) => v ?? null),
	overdue: z
		.string()
		.optional()
		.transform((v) => v === '1'),
	q: z.string().max(200, 'The search is too long.').default(''),
	sort: z.enum(ACTION_SORTS, { message: 'Unknown sort in the link.' }).default('board')
});

export function parseActionQuery(params: URLSearchParams): { ok: true; filters: ActionFilters } | { ok: false; message: string } {
	// The filter form sends every field; an empty one means "any".
	const parsed = querySchema.safeParse(Object.fromEntries([...params].filter(([, value]) => value !== '')));
	if (!parsed.success) return { ok: false, message: parsed.error.issues[0]!.message };
	const { journey, team, owner, ...rest } = parsed.data;
	return { ok: true, filters: { ...rest, q: rest.q.trim(), journeyId: journey, teamId: team, ownerId: owner } };
}

/** The query string for a set of filters (defaults left out), with optional overrides. */
export function actionQuery(filters: ActionFilters, overrides: Partial<ActionFilters> = {}): string {
	const f = { ...filters, ...overrides };
	const params = new URLSearchParams();
	if (f.view !== 'board') params.set('view', f.view);
	if (f.journeyId) params.set('journey', f.journeyId);
	if (f.teamId) params.set('team', f.teamId);
	if (f.ownerId) params.set('owner', f.ownerId);
	if (f.status) params.set('status', f.status);
	if (f.overdue) params.set('overdue', '1');
	if (f.q) params.set('q', f.q);
	if (f.sort !== 'board') params.set('sort', f.sort);
	const s = params.toString();
	return s ? `?${s}` : '';
}

/** The filters that are applied here rather than in SQL (search, overdue, sort). */
export function filterActions(actions: readonly Action[], filters: ActionFilters, today: string): Action[] {
	const q = filters.q.toLowerCase();
	const kept = actions.filter(
		(a) =>
			(!filters.overdue || isOverdue(a, today)) &&
			(!q || [a.title, a.description, a.touchpointName ?? '', a.journeyName].some((text) => text.toLowerCase().includes(q)))
	);
	const by: Record<ActionSort, (a: Action, b: Action) => number> = {
		board: (a, b) => a.rank - b.rank,
		// Undated last.
		due: (a, b) => (a.dueOn ?? '9999').localeCompare(b.dueOn ?? '9999') || a.rank - b.rank,
		updated: (a, b) => b.updatedAt.localeCompare(a.updatedAt),
		title: (a, b) => a.title.localeCompare(b.title)
	};
	return kept.sort(by[filters.sort]);
}

/** Board columns in status order, each sorted by rank. */
export function boardColumns(actions: readonly Action[]): { status: ActionStatus; actions: Action[] }[] {
	return ACTION_STATUSES.map((status) => ({ status, actions: actions.filter((a) => a.status === status).sort((a, b) => a.rank - b.rank) }));
}

/**
 * The rank that puts a card between its new neighbours in a column (fractional ranks: one row
 * changes per move). `before`/`after` are the ranks of the cards above and below, if any.
 */
export function rankBetween(before: number | null, after: number | null): number {
	if (before === null && after === null) return Date.now() / 1000;
	if (before === null) return after! - 1;
	if (after === null) return before + 1;
	return (before + after) / 2;
}
