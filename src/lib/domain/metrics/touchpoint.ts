/**
 * The rows of the `touchpoint_metrics` RPC, and a reference that computes the same rows from raw
 * answers, cases and feedback in TypeScript. The reference is what the tests compare the SQL with
 * (on random data) and what the benchmark times as "download the rows and aggregate in JS".
 */
import { ces, cesCounts, csat, csatCounts, nps, npsCounts } from './survey.js';
import { frtFromMinutes, ttrFromHours } from './service.js';

/** One row of `touchpoint_metrics` (docs/api.md): null where n is below the minimum. */
export interface TouchpointMetricsRow {
	touchpoint_id: string;
	touchpoint_name: string;
	stage_id: string | null;
	nps: number | null;
	nps_n: number;
	nps_low: number | null;
	nps_high: number | null;
	csat_pct: number | null;
	csat_mean: number | null;
	csat_n: number;
	csat_low: number | null;
	csat_high: number | null;
	ces_mean: number | null;
	ces_n: number;
	ces_low: number | null;
	ces_high: number | null;
	ces_easy_pct: number | null;
	frt_median_minutes: number | null;
	frt_p90_minutes: number | null;
	ttr_mean_hours: number | null;
	ttr_median_hours: number | null;
	ttr_p90_hours: number | null;
	/** Null under a persona filter: cases carry no persona. */
	cases_open: number | null;
	/** Null under a channel filter: feedback carries no channel. */
	feedback_n: number | null;
	/** Share 0..1 of sentiment-scored feedback that is negative. */
	negative_share: number | null;
	frt_n: number | null;
	ttr_n: number | null;
	min_n: number;
}

export type SurveyMetric = 'nps' | 'csat' | 'ces';

export interface RawResponse {
	touchpoint_id: string;
	metric: SurveyMetric;
	score: number;
	scale_max: number;
	persona_id: string | null;
	channel: string | null;
	responded_at: string;
}

export interface RawCase {
	touchpoint_id: string;
	channel: string | null;
	opened_at: string;
	first_response_at: string | null;
	resolved_at: string | null;
}

export interface RawFeedback {
	touchpoint_id: string | null;
	persona_id: string | null;
	sentiment: 'positive' | 'neutral' | 'negative' | null;
	created_at: string;
}

export interface MetricFilters {
	/** Inclusive start and exclusive end (ISO timestamps); absent = open. */
	from?: string | null;
	to?: string | null;
	personaId?: string | null;
	channel?: string | null;
	minN: number;
}

const inPeriod = (at: string, { from, to }: MetricFilters) => {
	const t = Date.parse(at);
	return (from == null || t >= Date.parse(from)) && (to == null || t < Date.parse(to));
};

/** Computes `touchpoint_metrics` rows from raw data, by the definitions of DESIGN.md §4. */
export function touchpointMetricsReference(
	touchpoints: readonly { id: string; name: string; stage_id: string | null }[],
	data: { responses: readonly RawResponse[]; cases: readonly RawCase[]; feedback: readonly RawFeedback[] },
	filters: MetricFilters
): TouchpointMetricsRow[] {
	const options = { minN: filters.minN };
	const byTouchpoint = <T extends { touchpoint_id: string | null }>(rows: readonly T[], keep: (row: T) => boolean) => {
		const map = new Map<string, T[]>();
		for (const row of rows) {
			if (row.touchpoint_id == null || !keep(row)) continue;
			const list = map.get(row.touchpoint_id) ?? [];
			list.push(row);
			map.set(row.touchpoint_id, list);
		}
		return map;
	};
	const responses = byTouchpoint(
		data.responses,
		(r) =>
			inPeriod(r.responded_at, filters) &&
			(filters.personaId == null || r.persona_id === filters.personaId) &&
			(filters.channel == null || r.channel === filters.channel)
	);
	const cases = byTouchpoint(data.cases, (c) => inPeriod(c.opened_at, filters) && (filters.channel == null || c.channel === filters.channel));
	const feedback = byTouchpoint(data.feedback, (f) => inPeriod(f.created_at, filters) && (filters.personaId == null || f.persona_id === filters.personaId));

	return touchpoints.map((t) => {
		const answers = responses.get(t.id) ?? [];
		const n = nps(npsCounts(answers.filter((a) => a.metric === 'nps').map((a) => a.score)), options);
		const c = csat(csatCounts(answers.filter((a) => a.metric === 'csat').map((a) => ({ score: a.score, scaleMax: a.scale_max }))), options);
		const e = ces(cesCounts(answers.filter((a) => a.metric === 'ces').map((a) => a.score)), options);

		const caseRows = filters.personaId == null ? (cases.get(t.id) ?? []) : [];
		const minutes = caseRows.filter((k) => k.first_response_at != null).map((k) => (Date.parse(k.first_response_at!) - Date.parse(k.opened_at)) / 60_000);
		const hours = caseRows.filter((k) => k.resolved_at != null).map((k) => (Date.parse(k.resolved_at!) - Date.parse(k.opened_at)) / 3_600_000);
		const f = frtFromMinutes(minutes, options);
		const r = ttrFromHours(hours, caseRows.length - hours.length, options);

		const items = filters.channel == null ? (feedback.get(t.id) ?? []) : [];
		const scored = items.filter((i) => i.sentiment != null);
		const negative = scored.filter((i) => i.sentiment === 'negative').length;
		const personaless = filters.personaId == null;
		return {
			touchpoint_id: t.id,
			touchpoint_name: t.name,
			stage_id: t.stage_id,
			nps: n.value,
			nps_n: n.n,
			nps_low: n.low,
			nps_high: n.high,
			csat_pct: c.value,
			csat_mean: c.mean,
			csat_n: c.n,
			csat_low: c.low,
			csat_high: c.high,
			ces_mean: e.value,
			ces_n: e.n,
			ces_low: e.low,
			ces_high: e.high,
			ces_easy_pct: e.easyPct,
			frt_median_minutes: f.medianMinutes,
			frt_p90_minutes: f.p90Minutes,
			ttr_mean_hours: r.meanHours,
			ttr_median_hours: r.medianHours,
			ttr_p90_hours: r.p90Hours,
			cases_open: personaless ? r.open : null,
			feedback_n: filters.channel == null ? items.length : null,
			negative_share: scored.length > 0 && scored.length >= filters.minN ? negative / scored.length : null,
			frt_n: personaless ? f.n : null,
			ttr_n: personaless ? r.n : null,
			min_n: filters.minN
		};
	});
}
