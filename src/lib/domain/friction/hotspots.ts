/**
 * The Hotspots view (issue 6 item 4): its filters as URL search parameters (so a link keeps
 * them), the period they stand for, and the ranked, sorted, paged table built from
 * `friction_hotspots` and `touchpoint_metrics`. Pure: the page, the CSV export and the tests use
 * the same functions.
 */
import { CHANNELS, type Channel } from '../channels.js';
import { isUuid } from '../import/similarity.js';

export const HOTSPOT_PERIODS = ['all', '30d', '90d', '365d', 'custom'] as const;
export type HotspotPeriod = (typeof HOTSPOT_PERIODS)[number];
export const PERIOD_CHOICES: Record<HotspotPeriod, string> = {
	all: 'All time',
	'30d': 'Last 30 days',
	'90d': 'Last 90 days',
	'365d': 'Last 12 months',
	custom: 'Between dates…'
};
const PERIOD_DAYS: Record<HotspotPeriod, number | null> = { all: null, '30d': 30, '90d': 90, '365d': 365, custom: null };

export const HOTSPOT_SORTS = ['friction', 'name', 'journey'] as const;
export type HotspotSort = (typeof HOTSPOT_SORTS)[number];
export const PAGE_SIZE = 50;
const DAY = 86_400_000;
const KEYS = ['journey', 'stage', 'persona', 'channel', 'team', 'group', 'period', 'from', 'to', 'hotspots', 'sort', 'page'] as const;
/** The `team` filter value for touchpoints no team owns. */
export const NO_TEAM = 'none';

export interface HotspotFilters {
	journeyId: string | null;
	/** A stage by name: the same stage name across journeys ("Get help") is one filter. */
	stage: string | null;
	personaId: string | null;
	channel: Channel | null;
	/** A team id, NO_TEAM for the unowned touchpoints, or null for all. */
	teamId: string | null;
	/** Rows under a heading per owning team (teams by name, unowned last). */
	groupByTeam: boolean;
	period: HotspotPeriod;
	/** Inclusive UTC days (YYYY-MM-DD) of a custom period. */
	fromDate: string | null;
	toDate: string | null;
	hotspotsOnly: boolean;
	sort: HotspotSort;
	page: number;
}

export const DEFAULT_FILTERS: HotspotFilters = {
	journeyId: null,
	stage: null,
	personaId: null,
	channel: null,
	teamId: null,
	groupByTeam: false,
	period: 'all',
	fromDate: null,
	toDate: null,
	hotspotsOnly: false,
	sort: 'friction',
	page: 1
};

export type ParsedHotspotQuery = { ok: true; filters: HotspotFilters } | { ok: false; message: string };

const isDay = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v) && new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v;

/** Reads the filters from a URL; anything unknown or malformed is refused with a sentence saying which and why. */
export function parseHotspotQuery(params: URLSearchParams): ParsedHotspotQuery {
	const raw = new Map<string, string>();
	for (const [key, value] of params) {
		if (!(KEYS as readonly string[]).includes(key)) return { ok: false, message: `Unknown filter “${key}” (the filters are ${KEYS.join(', ')}).` };
		if (raw.has(key)) return { ok: false, message: `The filter “${key}” is given twice.` };
		raw.set(key, value.trim());
	}
	const get = (key: string) => (raw.get(key) ? raw.get(key)! : null);
	const f: HotspotFilters = { ...DEFAULT_FILTERS };

	const journey = get('journey');
	if (journey !== null && !isUuid(journey)) return { ok: false, message: 'The journey in the link is not a journey id.' };
	f.journeyId = journey?.toLowerCase() ?? null;
	const persona = get('persona');
	if (persona !== null && !isUuid(persona)) return { ok: false, message: 'The persona in the link is not a persona id.' };
	f.personaId = persona?.toLowerCase() ?? null;
	const stage = get('stage');
	if (stage !== null && stage.length > 200) return { ok: false, message: 'The stage name is longer than 200 characters.' };
	f.stage = stage;
	const channel = get('channel');
	if (channel !== null && !(CHANNELS as readonly string[]).includes(channel)) return { ok: false, message: `The channel is one of ${CHANNELS.join(', ')}.` };
	f.channel = channel as Channel | null;
	const team = get('team');
	if (team !== null && team !== NO_TEAM && !isUuid(team)) return { ok: false, message: `The team in the link is not a team id (or “${NO_TEAM}” for touchpoints without a team).` };
	f.teamId = team?.toLowerCase() ?? null;
	const group = get('group');
	if (group !== null && group !== 'team') return { ok: false, message: '“group” is “team” (rows grouped by owning team).' };
	f.groupByTeam = group === 'team';

	const period = get('period');
	if (period !== null && !(HOTSPOT_PERIODS as readonly string[]).includes(period)) {
		return { ok: false, message: `The period is one of ${HOTSPOT_PERIODS.join(', ')}.` };
	}
	const from = get('from');
	const to = get('to');
	for (const [name, day] of [['from', from], ['to', to]] as const) {
		if (day !== null && !isDay(day)) return { ok: false, message: `The “${name}” date is not a date (use YYYY-MM-DD, e.g. 2026-03-01).` };
	}
	if ((from || to) && period !== null && period !== 'custom') return { ok: false, message: 'Choose a period or dates, not both.' };
	if (from && to && from > to) return { ok: false, message: 'The “from” date is after the “to” date.' };
	f.period = (period as HotspotPeriod | null) ?? (from || to ? 'custom' : 'all');
	f.fromDate = from;
	f.toDate = to;

	const hotspots = get('hotspots');
	if (hotspots !== null && hotspots !== '1' && hotspots !== '0') return { ok: false, message: '“hotspots” is 1 (only hotspots) or 0.' };
	f.hotspotsOnly = hotspots === '1';
	const sort = get('sort');
	if (sort !== null && !(HOTSPOT_SORTS as readonly string[]).includes(sort)) return { ok: false, message: `Sort by one of ${HOTSPOT_SORTS.join(', ')}.` };
	f.sort = (sort as HotspotSort | null) ?? 'friction';
	const page = get('page');
	if (page !== null && !/^[1-9]\d{0,5}$/.test(page)) return { ok: false, message: 'The page is a whole number from 1.' };
	f.page = page === null ? 1 : Number(page);
	return { ok: true, filters: f };
}

/** The filters as a query string ("?…", or "" for the defaults), leaving defaults out so links stay short. */
export function hotspotQuery(filters: HotspotFilters, changes: Partial<HotspotFilters> = {}): string {
	const f = { ...filters, ...changes };
	const out = new URLSearchParams();
	if (f.journeyId) out.set('journey', f.journeyId);
	if (f.stage) out.set('stage', f.stage);
	if (f.personaId) out.set('persona', f.personaId);
	if (f.channel) out.set('channel', f.channel);
	if (f.teamId) out.set('team', f.teamId);
	if (f.groupByTeam) out.set('group', 'team');
	if (f.period !== 'all') out.set('period', f.period);
	if (f.period === 'custom' && f.fromDate) out.set('from', f.fromDate);
	if (f.period === 'custom' && f.toDate) out.set('to', f.toDate);
	if (f.hotspotsOnly) out.set('hotspots', '1');
	if (f.sort !== 'friction') out.set('sort', f.sort);
	if (f.page > 1) out.set('page', String(f.page));
	const text = out.toString();
	return text ? `?${text}` : '';
}

/** The RPC window [from, to): a preset ends now; custom dates are whole UTC days, both included. */
export function periodRange(filters: HotspotFilters, now: Date): { from: string | null; to: string | null } {
	const days = PERIOD_DAYS[filters.period];
	if (days !== null) return { from: new Date(now.getTime() - days * DAY).toISOString(), to: null };
	if (filters.period !== 'custom') return { from: null, to: null };
	return {
		from: filters.fromDate ? `${filters.fromDate}T00:00:00.000Z` : null,
		to: filters.toDate ? new Date(Date.parse(`${filters.toDate}T00:00:00Z`) + DAY).toISOString() : null
	};
}

/** One `friction_hotspots` row. */
export interface FrictionRow {
	touchpoint_id: string;
	touchpoint_name: string;
	journey_id: string;
	journey_name: string;
	stage_name: string | null;
	friction_score: number;
	is_hotspot: boolean;
	evidence_n: number;
	top_reasons: string[];
	explanation: string;
}

/** The survey metrics of one `touchpoint_metrics` row the table shows (value null below the minimum n). */
export interface KeyMetrics {
	nps: number | null;
	nps_n: number;
	csat_pct: number | null;
	csat_n: number;
	ces_mean: number | null;
	ces_n: number;
}

export type TrendMetric = 'nps' | 'csat' | 'ces';

/** One month of a sparkline (`touchpoint_trend`; value null below the minimum n). */
export interface TrendPoint {
	bucket_start: string;
	value: number | null;
	n: number;
}

export interface HotspotRow {
	/** Position by friction among the rows the filters keep (1 = worst). */
	rank: number;
	touchpointId: string;
	touchpointName: string;
	journeyId: string;
	journeyName: string;
	stageName: string | null;
	friction: number;
	isHotspot: boolean;
	evidenceN: number;
	reasons: string[];
	explanation: string;
	metrics: KeyMetrics;
	/** The metric its sparkline follows: the one its explanation leads with, else the most answered. */
	trendMetric: TrendMetric | null;
	/** The team that owns the touchpoint (touchpoint_owners), if any. */
	team: TeamRef | null;
}

export interface TeamRef {
	id: string;
	name: string;
}

const NO_METRICS: KeyMetrics = { nps: null, nps_n: 0, csat_pct: null, csat_n: 0, ces_mean: null, ces_n: 0 };

export function trendMetricOf(reasons: readonly string[], m: KeyMetrics): TrendMetric | null {
	const lead = reasons.map((r) => /^(NPS|CSAT|CES) /.exec(r)?.[1]).find(Boolean);
	if (lead) return lead.toLowerCase() as TrendMetric;
	const counts: [TrendMetric, number][] = [
		['nps', m.nps_n],
		['csat', m.csat_n],
		['ces', m.ces_n]
	];
	const [best] = counts.filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]);
	return best?.[0] ?? null;
}

/** Whether a touchpoint owned by `team` passes the team filter. */
export const teamMatches = (filter: string | null, team: TeamRef | null) =>
	filter === null || (filter === NO_TEAM ? team === null : team?.id === filter);

/**
 * The table: the RPC's rows (already worst first) joined with their metrics and owning teams,
 * narrowed by stage, team and "only hotspots", ranked by friction, then sorted as asked (and
 * grouped by team when asked: the sort applies within each team).
 */
export function hotspotRows(
	friction: readonly FrictionRow[],
	metrics: ReadonlyMap<string, KeyMetrics>,
	filters: HotspotFilters,
	teams: ReadonlyMap<string, TeamRef> = new Map()
): HotspotRow[] {
	const kept = friction
		.filter(
			(r) =>
				(filters.stage === null || r.stage_name === filters.stage) &&
				(!filters.hotspotsOnly || r.is_hotspot) &&
				teamMatches(filters.teamId, teams.get(r.touchpoint_id) ?? null)
		)
		.sort((a, b) => b.friction_score - a.friction_score || a.touchpoint_name.localeCompare(b.touchpoint_name) || a.touchpoint_id.localeCompare(b.touchpoint_id));
	const rows = kept.map((r, i): HotspotRow => {
		const m = metrics.get(r.touchpoint_id) ?? NO_METRICS;
		return {
			rank: i + 1,
			touchpointId: r.touchpoint_id,
			touchpointName: r.touchpoint_name,
			journeyId: r.journey_id,
			journeyName: r.journey_name,
			stageName: r.stage_name,
			friction: r.friction_score,
			isHotspot: r.is_hotspot,
			evidenceN: r.evidence_n,
			reasons: r.top_reasons,
			explanation: r.explanation,
			metrics: m,
			trendMetric: trendMetricOf(r.top_reasons, m),
			team: teams.get(r.touchpoint_id) ?? null
		};
	});
	const sorted = sortRows(rows, filters.sort);
	return filters.groupByTeam ? groupByTeam(sorted) : sorted;
}

/** Teams by name (case-insensitive), the unowned last; the order within a team is kept. */
export function groupByTeam<T extends { team: TeamRef | null }>(rows: readonly T[]): T[] {
	const order = (a: TeamRef | null, b: TeamRef | null) => {
		if (a === null || b === null) return (a === null ? 1 : 0) - (b === null ? 1 : 0);
		return a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }) || a.id.localeCompare(b.id);
	};
	return rows
		.map((row, at) => ({ row, at }))
		.sort((a, b) => order(a.row.team, b.row.team) || a.at - b.at)
		.map(({ row }) => row);
}

/** Rows per owning team (NO_TEAM for the unowned): what each team heading counts, across every page. */
export function teamCounts(rows: readonly { team: TeamRef | null }[]): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const r of rows) counts[r.team?.id ?? NO_TEAM] = (counts[r.team?.id ?? NO_TEAM] ?? 0) + 1;
	return counts;
}

/** The grouped rows of one page as sections: consecutive runs of the same team, each with its total. */
export function teamSections<T extends { team: TeamRef | null }>(rows: readonly T[], counts: Readonly<Record<string, number>>): { team: TeamRef | null; total: number; rows: T[] }[] {
	const sections: { team: TeamRef | null; total: number; rows: T[] }[] = [];
	for (const row of rows) {
		const last = sections.at(-1);
		if (last && last.team?.id === row.team?.id) last.rows.push(row);
		else sections.push({ team: row.team, total: counts[row.team?.id ?? NO_TEAM] ?? 0, rows: [row] });
	}
	return sections;
}

export function sortRows(rows: readonly HotspotRow[], sort: HotspotSort): HotspotRow[] {
	const byName = (a: HotspotRow, b: HotspotRow) => a.touchpointName.localeCompare(b.touchpointName, 'en', { sensitivity: 'base' });
	const copy = [...rows];
	if (sort === 'name') return copy.sort((a, b) => byName(a, b) || a.rank - b.rank);
	if (sort === 'journey') return copy.sort((a, b) => a.journeyName.localeCompare(b.journeyName, 'en', { sensitivity: 'base' }) || a.rank - b.rank);
	return copy.sort((a, b) => a.rank - b.rank);
}

/** The page of rows to show (the page number clamped to the last page). */
export function pageOf<T>(rows: readonly T[], page: number, size = PAGE_SIZE): { rows: T[]; page: number; pages: number } {
	const pages = Math.max(1, Math.ceil(rows.length / size));
	const at = Math.min(Math.max(1, page), pages);
	return { rows: rows.slice((at - 1) * size, at * size), page: at, pages };
}

/** "NPS −81 (n=312)", "CES not enough (n=12)", "CSAT no answers". */
export function metricText(metric: TrendMetric, m: KeyMetrics): string {
	const label = metric.toUpperCase();
	const [value, n] = metric === 'nps' ? [m.nps, m.nps_n] : metric === 'csat' ? [m.csat_pct, m.csat_n] : [m.ces_mean, m.ces_n];
	if (n === 0) return `${label} no answers`;
	if (value === null) return `${label} not enough (n=${n})`;
	return `${label} ${formatValue(metric, value)} (n=${n})`;
}

export function formatValue(metric: TrendMetric, value: number): string {
	if (metric === 'nps') {
		const v = Math.round(value);
		return v > 0 ? `+${v}` : v < 0 ? `−${-v}` : '0';
	}
	return metric === 'csat' ? `${Math.round(value)}%` : value.toFixed(1);
}
