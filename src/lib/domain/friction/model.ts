/**
 * The friction model (DESIGN.md §5, docs/friction.md): how badly a touchpoint hurts, 0–100, from
 * the evidence only. This is the TypeScript reference of `friction_hotspots` and
 * `private.friction_of` (supabase/migrations/20261202100000_metrics_speed.sql, first in
 * 20261201140000_friction.sql): the same terms, weights and text, so the
 * tests can check that SQL and TypeScript agree on random data.
 *
 * Each term is a severity 0..1 measured so that noise is not friction:
 *   survey   NPS, CSAT, CES: the gap between the target and the interval bound nearest to it
 *            (the upper bound when below target), over a full-severity gap (NPS 100 points,
 *            CSAT 50 points, CES 3 points); the worst of the three counts.
 *   feedback the Wilson lower bound of the negative share of scored comments, above 25 %, over
 *            50 points (a lower bound, so a handful of angry comments weighs little: volume).
 *   service  FRT and TTR medians against target: (median / target − 1) / 2 (three times the
 *            target is full severity); the worse of the two.
 *   worsening the drop of NPS, CSAT or CES from the previous period of the same length to this
 *            one, beyond the noise (minus 1.96 × the standard error of the difference), over the
 *            same full-severity gaps; the worst of the three.
 * Each term contributes cᵢ·sᵢ, its severity times its cap — how much friction that term alone
 * can prove: survey 1.0, feedback 0.8, service 0.8, worsening 0.6. They combine like independent
 * pieces of evidence, friction = 100 × (1 − Π (1 − cᵢ·sᵢ)), over the terms that have evidence
 * (n ≥ the minimum): one term far off target is enough for a hotspot, several moderate ones add
 * up, and a term without evidence neither helps nor hurts. A hotspot needs friction ≥ 50, at
 * least one term with evidence, and at least `minN` pieces of evidence.
 */
import { wilsonInterval } from '../metrics/survey.js';
import type { TouchpointMetricsRow } from '../metrics/touchpoint.js';
import type { TargetMetric } from '../metrics/targets.js';

export const FRICTION_CAPS = { survey: 1, feedback: 0.8, service: 0.8, worsening: 0.6 } as const;
export const FULL_GAP = { nps: 100, csat: 50, ces: 3 } as const;
export const NEGATIVE_BASELINE = 0.25;
export const NEGATIVE_SPAN = 0.5;
export const SERVICE_SPAN = 2;
export const HOTSPOT_THRESHOLD = 50;
const Z = 1.959963984540054;

export type FrictionTerm = keyof typeof FRICTION_CAPS;

const DAY_MS = 86_400_000;

/**
 * The two windows the worsening term compares, as `friction_hotspots` sets them: for a period,
 * the period itself and the stretch of the same length before it; for an open period, everything
 * since the first of the month three months before `to` (or now), so this month's answers count
 * at once, against the three whole months before that. The recent window ends where the period
 * ends — an open end (`to` null) stays open — so it is always a part of the period (the SQL reads
 * the period's answers once for both); `now` only sets the lengths and months.
 */
export function worseningWindows(from: string | null, to: string | null, now = new Date()) {
	const iso = (t: number) => new Date(t).toISOString();
	const until = to === null ? null : iso(Date.parse(to));
	if (from === null) {
		const end = new Date(to === null ? now : Date.parse(to));
		const month = (back: number) => Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - back, 1);
		return {
			recent: [iso(month(3)), until],
			previous: [iso(month(6)), iso(month(3))],
			label: `since ${iso(month(3)).slice(0, 10)} vs the 3 months before`
		} as const;
	}
	const end = to === null ? now.getTime() : Date.parse(to);
	const start = Date.parse(from);
	const days = Math.round((end - start) / DAY_MS);
	return { recent: [iso(start), until], previous: [iso(start - (end - start)), iso(start)], label: `last ${days} days vs the ${days} before` } as const;
}
type SurveyMetric = 'nps' | 'csat' | 'ces';

export interface FrictionInput {
	/** touchpoint_metrics row of the period. */
	current: TouchpointMetricsRow;
	/** touchpoint_metrics rows of the trend windows: the last period of length L and the one before. */
	recent: TouchpointMetricsRow | null;
	previous: TouchpointMetricsRow | null;
	/** Negative and scored feedback counts of the period (negative_share is null below min n). */
	negative: number;
	scored: number;
	/** The most frequent theme of the negative feedback, when themes are known. */
	topTheme: string | null;
	targets: Record<TargetMetric, number>;
	minN: number;
	/** How the trend windows read in the text (`worseningWindows().label`). */
	windowLabel: string;
}

export interface TermResult {
	term: FrictionTerm;
	severity: number;
	contribution: number;
	reason: string;
}

export interface FrictionResult {
	score: number;
	isHotspot: boolean;
	evidenceN: number;
	terms: TermResult[];
	/** Reasons of the contributing terms, largest contribution first. */
	topReasons: string[];
	explanation: string;
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));
/** Rounds half away from zero, like Postgres round(numeric). */
export const roundHalfAway = (x: number, digits = 0) => {
	const f = 10 ** digits;
	return (Math.sign(x) * Math.round(Math.abs(x) * f + 1e-9)) / f;
};
const signed = (x: number) => {
	const r = roundHalfAway(x);
	return `${r > 0 ? '+' : r < 0 ? '−' : ''}${Math.abs(r)}`;
};
const oneDecimal = (x: number) => roundHalfAway(x, 1).toFixed(1);

/** A survey value as the explanations write it: NPS signed, CSAT in %, CES with one decimal. */
export function formatSurvey(metric: SurveyMetric, x: number): string {
	return metric === 'nps' ? signed(x) : metric === 'csat' ? `${roundHalfAway(x)}%` : oneDecimal(x);
}

const LABEL: Record<SurveyMetric, string> = { nps: 'NPS', csat: 'CSAT', ces: 'CES' };

function surveyOf(row: TouchpointMetricsRow, metric: SurveyMetric) {
	if (metric === 'nps') return { value: row.nps, low: row.nps_low, high: row.nps_high, n: row.nps_n };
	if (metric === 'csat') return { value: row.csat_pct, low: row.csat_low, high: row.csat_high, n: row.csat_n };
	return { value: row.ces_mean, low: row.ces_low, high: row.ces_high, n: row.ces_n };
}

/** Survey gap term: target minus the interval bound nearest to it, over the full-severity gap. */
export function surveyGap(row: TouchpointMetricsRow, metric: SurveyMetric, target: number): { severity: number; reason: string } | null {
	const m = surveyOf(row, metric);
	if (m.value === null) return null;
	const nearest = m.high ?? m.value; // below target, the upper bound is nearest
	const severity = clamp01((target - nearest) / FULL_GAP[metric]);
	return { severity, reason: `${LABEL[metric]} ${formatSurvey(metric, m.value)} vs target ${formatSurvey(metric, target)} (n=${m.n})` };
}

/** Feedback term: Wilson lower bound of the negative share above the baseline. */
export function feedbackTerm(negative: number, scored: number, minN: number, topTheme: string | null): { severity: number; reason: string } | null {
	if (scored === 0 || scored < minN) return null;
	const low = wilsonInterval(negative, scored).low / 100;
	const severity = clamp01((low - NEGATIVE_BASELINE) / NEGATIVE_SPAN);
	const pct = roundHalfAway((100 * negative) / scored);
	return { severity, reason: `${pct}% of ${scored} comments negative${topTheme ? ` — top theme: ${topTheme}` : ''}` };
}

/** Service term: the worse of FRT and TTR medians against their targets. */
export function serviceTerm(row: TouchpointMetricsRow, targets: Record<TargetMetric, number>): { severity: number; reason: string } | null {
	const options: { severity: number; reason: string }[] = [];
	if (row.frt_median_minutes !== null) {
		options.push({
			severity: clamp01((row.frt_median_minutes / targets.frt - 1) / SERVICE_SPAN),
			reason: `first response ${roundHalfAway(row.frt_median_minutes)} min vs target ${roundHalfAway(targets.frt)} min (median, n=${row.frt_n})`
		});
	}
	if (row.ttr_median_hours !== null) {
		options.push({
			severity: clamp01((row.ttr_median_hours / targets.ttr - 1) / SERVICE_SPAN),
			reason: `resolution ${oneDecimal(row.ttr_median_hours)} h vs target ${oneDecimal(targets.ttr)} h (median, n=${row.ttr_n})`
		});
	}
	if (options.length === 0) return null;
	return options.reduce((a, b) => (b.severity > a.severity ? b : a));
}

/** Worsening term: the largest drop beyond noise between the two trend windows. */
export function worseningTerm(recent: TouchpointMetricsRow | null, previous: TouchpointMetricsRow | null, windowLabel: string): { severity: number; reason: string } | null {
	if (!recent || !previous) return null;
	let best: { severity: number; reason: string } | null = null;
	for (const metric of ['nps', 'csat', 'ces'] as const) {
		const now = surveyOf(recent, metric);
		const before = surveyOf(previous, metric);
		if (now.value === null || before.value === null || now.low === null || now.high === null || before.low === null || before.high === null) continue;
		const seNow = (now.high - now.low) / (2 * Z);
		const seBefore = (before.high - before.low) / (2 * Z);
		const drop = before.value - now.value - Z * Math.sqrt(seNow * seNow + seBefore * seBefore);
		const severity = clamp01(drop / FULL_GAP[metric]);
		const candidate = {
			severity,
			reason: `${LABEL[metric]} fell from ${formatSurvey(metric, before.value)} to ${formatSurvey(metric, now.value)} (${windowLabel})`
		};
		if (!best || candidate.severity > best.severity) best = candidate;
	}
	return best;
}

/** The friction score, hotspot flag and explanation of one touchpoint. */
export function friction(input: FrictionInput): FrictionResult {
	const { current, targets, minN } = input;
	const terms: TermResult[] = [];
	const push = (term: FrictionTerm, result: { severity: number; reason: string } | null) => {
		if (result) terms.push({ term, severity: result.severity, contribution: FRICTION_CAPS[term] * result.severity, reason: result.reason });
	};
	const surveys = (['nps', 'csat', 'ces'] as const)
		.map((m) => surveyGap(current, m, targets[m]))
		.filter((x): x is { severity: number; reason: string } => x !== null);
	push('survey', surveys.length === 0 ? null : surveys.reduce((a, b) => (b.severity > a.severity ? b : a)));
	push('feedback', feedbackTerm(input.negative, input.scored, minN, input.topTheme));
	push('service', serviceTerm(current, targets));
	push('worsening', worseningTerm(input.recent, input.previous, input.windowLabel));

	const evidenceN = current.nps_n + current.csat_n + current.ces_n + (current.feedback_n ?? 0) + (current.frt_n ?? 0);
	// In term order (survey, feedback, service, worsening), as the SQL multiplies.
	const score = 100 * (1 - terms.reduce((product, t) => product * (1 - t.contribution), 1));
	const isHotspot = terms.length > 0 && evidenceN >= minN && score >= HOTSPOT_THRESHOLD;
	const contributing = terms.filter((t) => t.severity > 0).sort((a, b) => b.contribution - a.contribution || a.term.localeCompare(b.term));
	const topReasons = contributing.slice(0, 3).map((t) => t.reason);
	let explanation: string;
	if (terms.length === 0) explanation = evidenceN === 0 ? 'No evidence yet' : `Not enough responses (n=${evidenceN}; ${minN} needed per metric)`;
	else if (topReasons.length === 0) explanation = 'Meets its targets';
	else explanation = topReasons.join('; ');
	return { score, isHotspot, evidenceN, terms, topReasons, explanation };
}
