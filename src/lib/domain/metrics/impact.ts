/**
 * Did an action work? The difference of a touchpoint's metric between equal windows before and
 * after the action shipped, with a 95 % interval for the difference. The SQL function
 * `action_impact` (supabase/migrations/20261202120000_actions.sql) computes the same, step by step.
 *
 * - NPS: adjusted-Wald difference (Rocks 2016; Sauro & Lewis, "Quantifying the User Experience",
 *   2nd ed., ch. 5): each side N + 3, P + 3/4, D + 3/4, variance (p + d − (p − d)²) / (N + 3).
 * - CSAT (top-2-box share): Agresti & Caffo (2000), one success and one failure added per side.
 * - CES, FRT, TTR (means): Welch's t (Welch 1947) with Welch–Satterthwaite degrees of freedom.
 */
import { studentTQuantile, Z_95 } from './stats.js';

export type ImpactMetric = 'nps' | 'csat' | 'ces' | 'frt' | 'ttr';

export interface Difference {
	/** After minus before, in the metric's unit (NPS and CSAT in points). */
	delta: number;
	low: number;
	high: number;
}

export interface NpsSide {
	promoters: number;
	detractors: number;
	n: number;
}

export function npsDifference(before: NpsSide, after: NpsSide): Difference | null {
	if (before.n <= 0 || after.n <= 0) return null;
	const adjusted = ({ promoters, detractors, n }: NpsSide) => {
		const p = (promoters + 0.75) / (n + 3);
		const d = (detractors + 0.75) / (n + 3);
		return { nps: p - d, variance: (p + d - (p - d) * (p - d)) / (n + 3) };
	};
	const a = adjusted(before);
	const b = adjusted(after);
	const centre = b.nps - a.nps;
	const half = Z_95 * Math.sqrt(a.variance + b.variance);
	return {
		delta: 100 * ((after.promoters - after.detractors) / after.n - (before.promoters - before.detractors) / before.n),
		low: 100 * (centre - half),
		high: 100 * (centre + half)
	};
}

export interface ProportionSide {
	successes: number;
	n: number;
}

/** Difference of two proportions in points; `pseudo` = 1 is Agresti–Caffo, 0 the plain Wald interval. */
export function proportionDifference(before: ProportionSide, after: ProportionSide, pseudo = 1): Difference | null {
	if (before.n <= 0 || after.n <= 0) return null;
	const q1 = (before.successes + pseudo) / (before.n + 2 * pseudo);
	const q2 = (after.successes + pseudo) / (after.n + 2 * pseudo);
	const half = Z_95 * Math.sqrt((q1 * (1 - q1)) / (before.n + 2 * pseudo) + (q2 * (1 - q2)) / (after.n + 2 * pseudo));
	return { delta: 100 * (after.successes / after.n - before.successes / before.n), low: 100 * (q2 - q1 - half), high: 100 * (q2 - q1 + half) };
}

/** n, sum and sum of squares of one side: what SQL aggregates without keeping the values. */
export interface MomentSide {
	n: number;
	sum: number;
	sumSquares: number;
}

export const moments = (values: readonly number[]): MomentSide => ({
	n: values.length,
	sum: values.reduce((s, x) => s + x, 0),
	sumSquares: values.reduce((s, x) => s + x * x, 0)
});

export interface WelchDifference extends Difference {
	df: number;
	t: number;
}

export function welchDifference(before: MomentSide, after: MomentSide): WelchDifference | null {
	if (before.n <= 1 || after.n <= 1) return null;
	const side = ({ n, sum, sumSquares }: MomentSide) => ({ mean: sum / n, e: Math.max(0, (sumSquares - (sum * sum) / n) / (n - 1)) / n });
	const a = side(before);
	const b = side(after);
	const se = Math.sqrt(a.e + b.e);
	const df = a.e + b.e === 0 ? 1e6 : ((a.e + b.e) * (a.e + b.e)) / ((a.e * a.e) / (before.n - 1) + (b.e * b.e) / (after.n - 1));
	const q = studentTQuantile(0.975, Math.max(1, df));
	const delta = b.mean - a.mean;
	return { delta, low: delta - q * se, high: delta + q * se, df, t: se === 0 ? 0 : delta / se };
}

/** One row of `action_impact`. */
export interface ImpactRow {
	metric: ImpactMetric;
	before_value: number | null;
	before_n: number;
	after_value: number | null;
	after_n: number;
	delta: number | null;
	delta_low: number | null;
	delta_high: number | null;
	significant: boolean;
	min_n: number;
	needed_n: number;
}

export type ImpactVerdict =
	| { kind: 'improved' | 'worsened'; text: string }
	| { kind: 'no-change'; text: string }
	| { kind: 'not-enough'; text: string };

const LABEL: Record<ImpactMetric, string> = { nps: 'NPS', csat: 'CSAT', ces: 'CES', frt: 'Mean FRT', ttr: 'Mean TTR' };
const UNIT: Record<ImpactMetric, string> = { nps: ' points', csat: ' points', ces: '', frt: ' min', ttr: ' h' };
/** For service times lower is better. */
const LOWER_IS_BETTER: Record<ImpactMetric, boolean> = { nps: false, csat: false, ces: false, frt: true, ttr: true };

const round = (x: number, metric: ImpactMetric) => (metric === 'ces' ? x.toFixed(1) : metric === 'ttr' ? x.toFixed(1) : Math.round(x).toString());

export const metricLabel = (metric: ImpactMetric) => LABEL[metric];
export const metricUnit = (metric: ImpactMetric) => UNIT[metric];

/**
 * The sentence on the impact card: "CES rose by 1.4 ± 0.3" when the interval excludes zero,
 * "No significant change" when both sides have enough answers but it does not, and "Not enough
 * data yet" with how many more answers the after window needs otherwise.
 */
export function impactVerdict(row: ImpactRow): ImpactVerdict {
	const label = LABEL[row.metric];
	const unit = UNIT[row.metric];
	if (row.before_n < row.min_n || row.after_n < row.min_n) {
		const parts: string[] = [];
		if (row.after_n < row.min_n) parts.push(`${row.needed_n} more answer${row.needed_n === 1 ? '' : 's'} after the ship date`);
		if (row.before_n < row.min_n) parts.push(`only ${row.before_n} before it (a wider window may help)`);
		return { kind: 'not-enough', text: `Not enough data yet for ${label}: ${parts.join('; ')} — at least ${row.min_n} a side are needed.` };
	}
	if (row.delta === null || row.delta_low === null || row.delta_high === null) {
		return { kind: 'not-enough', text: `Not enough data yet for ${label}.` };
	}
	const half = (row.delta_high - row.delta_low) / 2;
	if (!row.significant) {
		return { kind: 'no-change', text: `No significant change in ${label}: ${signed(row.delta, row.metric)}${unit} ± ${round(half, row.metric)} (95 % interval includes 0).` };
	}
	const rose = row.delta > 0;
	const better = rose !== LOWER_IS_BETTER[row.metric];
	return {
		kind: better ? 'improved' : 'worsened',
		text: `${label} ${rose ? 'rose' : 'fell'} by ${round(Math.abs(row.delta), row.metric)}${unit} ± ${round(half, row.metric)}.`
	};
}

const signed = (x: number, metric: ImpactMetric) => (x > 0 ? '+' : x < 0 ? '−' : '') + round(Math.abs(x), metric);
