/**
 * The stale-map guard and the workspace digest, as pure functions: which journeys are going
 * stale, which hotspots nobody is acting on, which actions are overdue. No IO; the data modules
 * (src/lib/server/data/freshness.ts, digest.ts) feed them rows from SQL.
 */
import { OPEN_STATUSES, type ActionStatus } from './actions.js';

const WEEK_MS = 7 * 86_400_000;

/** One row of touchpoint_freshness / workspace_freshness (silent: no evidence for N weeks). */
export interface FreshnessRow {
	journey_id?: string;
	touchpoint_id: string;
	touchpoint_name: string;
	last_data_at: string | null;
	silent: boolean;
}

export interface SilentTouchpoint {
	id: string;
	name: string;
	/** Newest evidence, or null: never any. */
	lastDataAt: string | null;
}

/** How fresh one journey's evidence is. */
export interface DataFreshness {
	touchpoints: number;
	/** Silent touchpoints, longest silent (never any data) first. */
	silent: SilentTouchpoint[];
	/** Newest evidence on any of its touchpoints, or null. */
	lastDataAt: string | null;
}

/** Everything the journey page's indicator shows. */
export interface JourneyFreshness extends DataFreshness {
	mapUpdatedAt: string;
	staleAfterWeeks: number;
}

const newer = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : Date.parse(a) >= Date.parse(b) ? a : b);
const silentOrder = (a: SilentTouchpoint, b: SilentTouchpoint) =>
	(a.lastDataAt === null ? 0 : 1) - (b.lastDataAt === null ? 0 : 1) || (Date.parse(a.lastDataAt ?? '0') || 0) - (Date.parse(b.lastDataAt ?? '0') || 0) || a.name.localeCompare(b.name);

/** The freshness of one journey's touchpoints. */
export function dataFreshness(rows: readonly FreshnessRow[]): DataFreshness {
	let lastDataAt: string | null = null;
	const silent: SilentTouchpoint[] = [];
	for (const row of rows) {
		lastDataAt = newer(lastDataAt, row.last_data_at);
		if (row.silent) silent.push({ id: row.touchpoint_id, name: row.touchpoint_name, lastDataAt: row.last_data_at });
	}
	return { touchpoints: rows.length, silent: silent.sort(silentOrder), lastDataAt };
}

/** workspace_freshness rows grouped by journey. */
export function freshnessByJourney(rows: readonly FreshnessRow[]): Map<string, DataFreshness> {
	const groups = new Map<string, FreshnessRow[]>();
	for (const row of rows) {
		if (!row.journey_id) continue;
		const group = groups.get(row.journey_id);
		if (group) group.push(row);
		else groups.set(row.journey_id, [row]);
	}
	return new Map([...groups].map(([id, group]) => [id, dataFreshness(group)]));
}

export const EMPTY_FRESHNESS: DataFreshness = { touchpoints: 0, silent: [], lastDataAt: null };

/** Why a journey is going stale; every flag false: it is not. */
export interface Staleness {
	/** The map was not edited for N weeks. */
	mapStale: boolean;
	/** More than half of its touchpoints are silent. */
	mostlySilent: boolean;
	/** Any touchpoint silent. */
	anySilent: boolean;
}

export function staleness(mapUpdatedAt: string, data: DataFreshness, weeks: number, now: number): Staleness {
	const mapStale = now - Date.parse(mapUpdatedAt) >= weeks * WEEK_MS;
	return { mapStale, mostlySilent: data.touchpoints > 0 && data.silent.length * 2 > data.touchpoints, anySilent: data.silent.length > 0 };
}

/** The "stale" marker of a journey card: the map is old, or most touchpoints hear nothing. */
export const isStale = (s: Staleness) => s.mapStale || s.mostlySilent;
/** On the digest: the map is old, or any touchpoint is silent. */
export const isGoingStale = (s: Staleness) => s.mapStale || s.anySilent;

/** "Map not edited for 9 weeks; 3 of 12 touchpoints without data for 6 weeks (1 never had any)" — the reason in words. */
export function stalenessReason(s: Staleness, mapUpdatedAt: string, data: DataFreshness, weeks: number, now: number): string {
	const parts: string[] = [];
	if (s.mapStale) parts.push(`Map not edited for ${Math.floor((now - Date.parse(mapUpdatedAt)) / WEEK_MS)} weeks`);
	if (s.anySilent) {
		const never = data.silent.filter((t) => t.lastDataAt === null).length;
		parts.push(
			`${data.silent.length} of ${data.touchpoints} touchpoint${data.touchpoints === 1 ? '' : 's'} without data for ${weeks} week${weeks === 1 ? '' : 's'}` +
				(never === 0 ? '' : never < data.silent.length ? ` (${never} never had any)` : never === 1 ? ' (it never had any)' : ' (none ever had any)')
		);
	}
	return parts.join('; ');
}

export interface JourneyRef {
	id: string;
	name: string;
	updatedAt: string;
}

export interface StaleJourney extends JourneyRef, Staleness {
	data: DataFreshness;
	reason: string;
}

/** Journeys going stale, the worst first: old maps, then the larger share of silent touchpoints. */
export function staleJourneys(journeys: readonly JourneyRef[], data: ReadonlyMap<string, DataFreshness>, weeks: number, now: number): StaleJourney[] {
	const share = (d: DataFreshness) => (d.touchpoints === 0 ? 0 : d.silent.length / d.touchpoints);
	return journeys
		.map((j) => {
			const d = data.get(j.id) ?? EMPTY_FRESHNESS;
			const s = staleness(j.updatedAt, d, weeks, now);
			return { ...j, ...s, data: d, reason: stalenessReason(s, j.updatedAt, d, weeks, now) };
		})
		.filter(isGoingStale)
		.sort((a, b) => Number(b.mapStale) - Number(a.mapStale) || share(b.data) - share(a.data) || b.data.silent.length - a.data.silent.length || a.name.localeCompare(b.name));
}

/** The journeys list's "stale" markers: journey id -> the reason in words, for stale journeys only. */
export function staleMarkers(journeys: readonly JourneyRef[], data: ReadonlyMap<string, DataFreshness>, weeks: number, now: number): Record<string, string> {
	const out: Record<string, string> = {};
	for (const j of journeys) {
		const d = data.get(j.id) ?? EMPTY_FRESHNESS;
		const s = staleness(j.updatedAt, d, weeks, now);
		if (isStale(s)) out[j.id] = stalenessReason(s, j.updatedAt, d, weeks, now);
	}
	return out;
}

/** Statuses of an action nobody works on any more (the others are OPEN_STATUSES in actions.ts). */
export const CLOSED_STATUSES: readonly ActionStatus[] = ['done', 'dropped'];
const isOpenStatus = (status: string) => (OPEN_STATUSES as readonly string[]).includes(status);

export interface HotspotRef {
	touchpoint_id: string;
	touchpoint_name: string;
	journey_id: string;
	journey_name: string;
	stage_name: string | null;
	friction_score: number | null;
	is_hotspot: boolean;
	explanation: string | null;
}

/** Hotspots with no open action on their touchpoint, the worst first. */
export function hotspotsWithoutActions<T extends HotspotRef>(rows: readonly T[], actions: readonly { touchpoint_id: string | null; status: string }[]): T[] {
	const covered = new Set(actions.filter((a) => a.touchpoint_id && isOpenStatus(a.status)).map((a) => a.touchpoint_id));
	return rows.filter((r) => r.is_hotspot && !covered.has(r.touchpoint_id)).sort((a, b) => (b.friction_score ?? 0) - (a.friction_score ?? 0) || a.touchpoint_name.localeCompare(b.touchpoint_name));
}

/** Today as YYYY-MM-DD in UTC: due dates are calendar days, compared the same way everywhere. */
export const todayUtc = (now: number) => new Date(now).toISOString().slice(0, 10);

const dayNumber = (isoDate: string) => Math.floor(Date.parse(`${isoDate.slice(0, 10)}T00:00:00Z`) / 86_400_000);

/** Overdue: due before today and still open (as isOverdue in actions.ts, on rows as SQL returns them). */
export const isOverdue = (action: { due_on: string | null; status: string }, today: string) =>
	action.due_on !== null && action.due_on.slice(0, 10) < today && isOpenStatus(action.status);

/** Whole days past the due date. */
export const daysOverdue = (dueOn: string, today: string) => dayNumber(today) - dayNumber(dueOn);

/** Overdue actions, the longest overdue first, each with how many days. */
export function overdueActions<T extends { due_on: string | null; status: string; title: string }>(actions: readonly T[], today: string): (T & { daysOverdue: number })[] {
	return actions
		.filter((a) => isOverdue(a, today))
		.map((a) => ({ ...a, daysOverdue: daysOverdue(a.due_on!, today) }))
		.sort((a, b) => b.daysOverdue - a.daysOverdue || a.title.localeCompare(b.title));
}

/** "no data yet" or "3 weeks ago", for the indicator and the digest. */
export function lastDataLabel(lastDataAt: string | null, timeAgo: (iso: string) => string): string {
	return lastDataAt === null ? 'no data yet' : timeAgo(lastDataAt);
}

/** "1 journey", "3 journeys". */
export const plural = (n: number, word: string, many = `${word}s`) => `${n} ${n === 1 ? word : many}`;
