/**
 * Survey metrics exactly as DESIGN.md §4 defines them: NPS, CSAT and CES with their 95 %
 * intervals, and the minimum-n rule. Each metric is computed from counts (what the database's
 * rollups hold: how many answers per score), so the SQL functions and this reference do the
 * same arithmetic; the `…FromScores` helpers count raw answers first.
 */
import { Z_95, upperTQuantile } from './stats.js';

/** Below this many answers a metric is "not enough responses" (null), unless the workspace sets another. */
export const DEFAULT_MIN_N = 30;

export interface Interval {
	low: number;
	high: number;
}

/** What every metric reports: the value (null below the minimum n), its n and its interval. */
export interface Estimate {
	value: number | null;
	n: number;
	low: number | null;
	high: number | null;
}

export interface MetricOptions {
	/** Minimum n (default 30): below it value and interval are null; n is always reported. */
	minN?: number;
}

const minNOf = (options: MetricOptions) => options.minN ?? DEFAULT_MIN_N;
const clamp = (x: number, low: number, high: number) => Math.min(high, Math.max(low, x));
const blank = (n: number): Estimate => ({ value: null, n, low: null, high: null });

// NPS ---------------------------------------------------------------------------------------

export interface NpsCounts {
	/** Answers 9–10. */
	promoters: number;
	/** Answers 0–6. */
	detractors: number;
	/** All answers (0–10). */
	n: number;
}

/** Counts promoters (9–10) and detractors (0–6) among NPS answers on 0–10. */
export function npsCounts(scores: readonly number[]): NpsCounts {
	let promoters = 0;
	let detractors = 0;
	for (const s of scores) {
		if (s >= 9) promoters++;
		else if (s <= 6) detractors++;
	}
	return { promoters, detractors, n: scores.length };
}

/**
 * Net Promoter Score (DESIGN.md §4): NPS = 100 × (P − D) / N on −100..100, where P counts
 * answers 9–10 and D answers 0–6 on a 0–10 scale.
 * 95 % interval, adjusted Wald: N' = N + 3, P' = P + 3/4, D' = D + 3/4, p = P'/N', d = D'/N';
 * the standard error of the difference of two proportions of one multinomial sample is
 * se = √((p + d − (p − d)²) / N'); interval = 100 × ((p − d) ± z·se), z = Φ⁻¹(0.975), clamped
 * to −100..100. (The point estimate stays unadjusted.)
 */
export function nps(counts: NpsCounts, options: MetricOptions = {}): Estimate {
	const { promoters: P, detractors: D, n: N } = counts;
	if (N === 0 || N < minNOf(options)) return blank(N);
	const value = (100 * (P - D)) / N;
	const { low, high } = npsInterval(counts);
	return { value, n: N, low, high };
}

/** The adjusted-Wald 95 % interval of an NPS (see `nps`), in NPS points. */
export function npsInterval({ promoters, detractors, n }: NpsCounts): Interval {
	const n2 = n + 3;
	const p = (promoters + 0.75) / n2;
	const d = (detractors + 0.75) / n2;
	const diff = p - d;
	const se = Math.sqrt((p + d - diff * diff) / n2);
	return { low: clamp(100 * (diff - Z_95 * se), -100, 100), high: clamp(100 * (diff + Z_95 * se), -100, 100) };
}

// CSAT --------------------------------------------------------------------------------------

export interface CsatCounts {
	/** Answers on a 1–5 scale, and the sum of their scores. */
	n5: number;
	sum5: number;
	/** Answers on a 1–7 scale, and the sum of their scores. */
	n7: number;
	sum7: number;
	/** Top-2-box answers: 4–5 on 1–5, 6–7 on 1–7. */
	top: number;
}

/** Counts CSAT answers by scale (`scaleMax` 5 or 7) with their score sums and top-2-box answers. */
export function csatCounts(answers: readonly { score: number; scaleMax: number }[]): CsatCounts {
	const c: CsatCounts = { n5: 0, sum5: 0, n7: 0, sum7: 0, top: 0 };
	for (const { score, scaleMax } of answers) {
		if (scaleMax === 7) {
			c.n7++;
			c.sum7 += score;
		} else {
			c.n5++;
			c.sum5 += score;
		}
		if (score >= scaleMax - 1) c.top++;
	}
	return c;
}

export interface CsatEstimate extends Estimate {
	/** Mean score beside the share (never instead of it): on the scale answered; if a touchpoint
	 * mixes 1–5 and 1–7 answers, 1–7 answers are rescaled linearly onto 1–5 (s → 1 + (s − 1)·2/3). */
	mean: number | null;
}

/**
 * CSAT (DESIGN.md §4): the share of top-2-box answers — 4–5 on 1–5, 6–7 on 1–7 — in percent,
 * 0..100, with a Wilson 95 % interval: for p = k/n and z = Φ⁻¹(0.975),
 * centre = (p + z²/2n) / (1 + z²/n), half = z·√(p(1 − p)/n + z²/4n²) / (1 + z²/n),
 * interval = 100 × (centre ± half). The mean score is reported beside it (see `CsatEstimate`).
 */
export function csat(counts: CsatCounts, options: MetricOptions = {}): CsatEstimate {
	const n = counts.n5 + counts.n7;
	if (n === 0 || n < minNOf(options)) return { ...blank(n), mean: null };
	const { low, high } = wilsonInterval(counts.top, n);
	return { value: (100 * counts.top) / n, n, low, high, mean: csatMean(counts) };
}

/** Mean CSAT score (see `CsatEstimate.mean`). */
export function csatMean({ n5, sum5, n7, sum7 }: CsatCounts): number | null {
	const n = n5 + n7;
	if (n === 0) return null;
	if (n5 === 0) return sum7 / n7;
	if (n7 === 0) return sum5 / n5;
	return (sum5 + n7 + (2 * (sum7 - n7)) / 3) / n;
}

/** Wilson score 95 % interval of a proportion k/n, in percent (0..100). */
export function wilsonInterval(k: number, n: number): Interval {
	const p = k / n;
	const z2 = Z_95 * Z_95;
	const denominator = 1 + z2 / n;
	const centre = (p + z2 / (2 * n)) / denominator;
	const half = (Z_95 * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
	return { low: clamp(100 * (centre - half), 0, 100), high: clamp(100 * (centre + half), 0, 100) };
}

// CES ---------------------------------------------------------------------------------------

export interface CesCounts {
	n: number;
	/** Σ score and Σ score² (exact integers). */
	sum: number;
	sumSquares: number;
	/** Answers 5–7 ("easy"). */
	easy: number;
}

/** Counts CES answers (1–7, 7 = very easy). */
export function cesCounts(scores: readonly number[]): CesCounts {
	const c: CesCounts = { n: scores.length, sum: 0, sumSquares: 0, easy: 0 };
	for (const s of scores) {
		c.sum += s;
		c.sumSquares += s * s;
		if (s >= 5) c.easy++;
	}
	return c;
}

export interface CesEstimate extends Estimate {
	/** Share of answers 5–7, percent 0..100 (null below the minimum n). */
	easyPct: number | null;
}

/**
 * CES (DESIGN.md §4), 1–7 with 7 = very easy: the mean with a Student-t 95 % interval,
 * mean ± t(0.975, n − 1) · s / √n with s² = (n·Σx² − (Σx)²) / (n(n − 1)) the sample variance,
 * clamped to the scale 1..7; no interval for a single answer. Beside it the share of 5–7.
 */
export function ces(counts: CesCounts, options: MetricOptions = {}): CesEstimate {
	const { n, sum, sumSquares, easy } = counts;
	if (n === 0 || n < minNOf(options)) return { ...blank(n), easyPct: null };
	const mean = sum / n;
	const interval = n >= 2 ? tInterval(n, sum, sumSquares) : null;
	return { value: mean, n, low: interval?.low ?? null, high: interval?.high ?? null, easyPct: (100 * easy) / n };
}

/** Student-t 95 % interval of a 1–7 mean from n ≥ 2, Σx and Σx² (see `ces`). */
export function tInterval(n: number, sum: number, sumSquares: number): Interval {
	const mean = sum / n;
	const variance = Math.max(0, (n * sumSquares - sum * sum) / (n * (n - 1)));
	const half = (upperTQuantile(0.025, Z_95, n - 1) * Math.sqrt(variance)) / Math.sqrt(n);
	return { low: clamp(mean - half, 1, 7), high: clamp(mean + half, 1, 7) };
}

// Conveniences over raw answers ---------------------------------------------------------------

/** NPS of raw 0–10 answers. */
export const npsFromScores = (scores: readonly number[], options: MetricOptions = {}) => nps(npsCounts(scores), options);

/** CSAT of raw answers (each with its scale, 5 or 7). */
export const csatFromScores = (answers: readonly { score: number; scaleMax: number }[], options: MetricOptions = {}) =>
	csat(csatCounts(answers), options);

/** CES of raw 1–7 answers. */
export const cesFromScores = (scores: readonly number[], options: MetricOptions = {}) => ces(cesCounts(scores), options);
