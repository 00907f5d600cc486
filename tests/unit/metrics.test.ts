/**
 * The metric definitions of DESIGN.md §4 (src/lib/domain/metrics) against hand-worked examples.
 * Each expectation carries its arithmetic; published values are cited where they exist
 * (z and t quantiles from standard tables, Wilson intervals from Newcombe 1998 / any Wilson
 * calculator).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
	Z_95,
	normalCdf,
	normalQuantile,
	percentileCont,
	studentTCdf,
	studentTQuantile,
	studentTQuantileSeries,
	T_SERIES_MIN_DF,
	upperTQuantile
} from '#lib/domain/metrics/stats.js';
import {
	DEFAULT_MIN_N,
	ces,
	cesCounts,
	cesFromScores,
	csat,
	csatCounts,
	csatFromScores,
	csatMean,
	nps,
	npsCounts,
	npsFromScores,
	tInterval,
	wilsonInterval
} from '#lib/domain/metrics/survey.js';
import { frt, frtFromMinutes, ttr, ttrFromHours, type CaseTimes } from '#lib/domain/metrics/service.js';
import { churnRate, customerLifetimeValue, customerSatisfactionIndex, retentionRate } from '#lib/domain/metrics/business.js';
import { touchpointMetricsReference, type RawCase, type RawFeedback, type RawResponse } from '#lib/domain/metrics/touchpoint.js';

const ANY_N = { minN: 1 };
const repeat = (value: number, times: number) => Array.from({ length: times }, () => value);

describe('normal and Student-t quantiles', () => {
	test('Φ⁻¹(0.975) = 1.959964 (every z table), and Φ inverts it', () => {
		expect(Z_95).toBeCloseTo(1.959964, 6);
		expect(normalQuantile(0.975)).toBeCloseTo(Z_95, 14);
		// Φ(1.96) = 0.9750021 (table), Φ⁻¹(0.995) = 2.575829, Φ⁻¹(0.9) = 1.281552.
		expect(normalCdf(1.96)).toBeCloseTo(0.9750021, 7);
		expect(normalQuantile(0.995)).toBeCloseTo(2.575829, 6);
		expect(normalQuantile(0.9)).toBeCloseTo(1.281552, 6);
		// Symmetry: Φ⁻¹(0.025) = −1.959964; Φ⁻¹(0.5) = 0.
		expect(normalQuantile(0.025)).toBeCloseTo(-Z_95, 14);
		expect(normalQuantile(0.5)).toBe(0);
		expect(() => normalQuantile(1)).toThrow(RangeError);
	});

	// t(0.975, df) from the Student-t table (6 decimals) — e.g. NIST/SEMATECH e-Handbook 1.3.6.7.2.
	const table: [number, number][] = [
		[1, 12.706205],
		[2, 4.302653],
		[3, 3.182446],
		[4, 2.776445],
		[5, 2.570582],
		[10, 2.228139],
		[20, 2.085963],
		[30, 2.042272],
		[60, 2.000298],
		[100, 1.983972],
		[120, 1.979930],
		[1000, 1.962339]
	];
	test.each(table)('t(0.975, %i) = %f', (df, t) => {
		expect(studentTQuantile(0.975, df)).toBeCloseTo(t, 6);
		// And it is the quantile: P(T ≤ t) = 0.975 to ~1e-12.
		expect(studentTCdf(studentTQuantile(0.975, df), df)).toBeCloseTo(0.975, 12);
	});

	test('other levels: t(0.95, 10) = 1.812461, t(0.995, 5) = 4.032143, t(0.9, 3) = 1.637744; t(0.025, 10) = −2.228139', () => {
		expect(studentTQuantile(0.95, 10)).toBeCloseTo(1.812461, 6);
		expect(studentTQuantile(0.995, 5)).toBeCloseTo(4.032143, 6);
		expect(studentTQuantile(0.9, 3)).toBeCloseTo(1.637744, 6);
		expect(studentTQuantile(0.025, 10)).toBeCloseTo(-2.228139, 6);
		expect(() => studentTQuantile(0.975, 0)).toThrow(RangeError);
	});

	test('above 1000 df the Cornish–Fisher series is used and still matches: t(0.975, 5000) = 1.960439, t → z as df → ∞', () => {
		expect(studentTQuantile(0.975, 5000)).toBeCloseTo(1.9604385517, 9);
		expect(studentTQuantile(0.975, 1e5)).toBeCloseTo(1.9599877075, 9);
		// At the switch (df = 1000, exact value 1.9623390808264083 from scipy.stats.t.ppf) the series is
		// within 1e-15 and the Newton inversion within 1e-12 (it stops at steps below 1e-13 relative).
		expect(Math.abs(studentTQuantileSeries(Z_95, T_SERIES_MIN_DF) - 1.9623390808264083)).toBeLessThan(1e-14);
		expect(Math.abs(studentTQuantile(0.975, T_SERIES_MIN_DF) - 1.9623390808264083)).toBeLessThan(1e-12);
	});

	test('the SQL table private.t_quantiles holds exactly the doubles the TypeScript CES interval uses, df 1..1000', () => {
		const sql = readFileSync('supabase/migrations/20261201100000_metrics.sql', 'utf8');
		const rows = [...sql.matchAll(/\((\d+),(\d+\.\d+)\)/g)].map((m) => [Number(m[1]), Number(m[2])] as const);
		expect(rows.map(([df]) => df)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
		for (const [df, t] of rows) {
			// tInterval calls upperTQuantile(0.025, Z_95, df): bit for bit the table's value.
			expect(upperTQuantile(0.025, Z_95, df), `df ${df}`).toBe(t);
			// studentTQuantile starts from Φ⁻¹(0.975) computed (1 ulp from Z_95): equal to ~1e-13.
			expect(Math.abs(studentTQuantile(0.975, df) - t), `df ${df}`).toBeLessThan(1e-12);
		}
	});
});

describe('percentileCont (the rule of Postgres percentile_cont)', () => {
	test('h = (n − 1)·p, interpolate between the neighbours', () => {
		// [1,2,3,4,5], p = 0.9: h = 4 × 0.9 = 3.6 → x[3] + 0.6 × (x[4] − x[3]) = 4 + 0.6 = 4.6
		// (select percentile_cont(0.9) within group (order by x) from generate_series(1,5) x → 4.6).
		expect(percentileCont([1, 2, 3, 4, 5], 0.9)).toBeCloseTo(4.6, 12);
		// [10,20,30,40], p = 0.5: h = 1.5 → 20 + 0.5 × 10 = 25.
		expect(percentileCont([10, 20, 30, 40], 0.5)).toBe(25);
		// p = 0 and p = 1 are the extremes; one value is every percentile.
		expect(percentileCont([10, 20, 30, 40], 0)).toBe(10);
		expect(percentileCont([10, 20, 30, 40], 1)).toBe(40);
		expect(percentileCont([7], 0.9)).toBe(7);
		expect(percentileCont([], 0.5)).toBeNull();
		expect(() => percentileCont([1], 1.5)).toThrow(RangeError);
	});
});

describe('NPS (0–10; promoters 9–10, detractors 0–6; adjusted-Wald interval)', () => {
	test('n = 0 gives null and reports n = 0', () => {
		expect(npsFromScores([])).toEqual({ value: null, n: 0, low: null, high: null });
		expect(npsFromScores([], ANY_N)).toEqual({ value: null, n: 0, low: null, high: null });
	});

	test('counting: 9–10 promote, 7–8 are passive, 0–6 detract', () => {
		expect(npsCounts([0, 6, 7, 8, 9, 10])).toEqual({ promoters: 2, detractors: 2, n: 6 });
	});

	test('a mixed case by hand: 5 promoters, 3 passives, 2 detractors of 10', () => {
		// NPS = 100 × (5 − 2) / 10 = 30.
		// Adjusted Wald: N' = 13, p = 5.75/13 = 0.442308, d = 2.75/13 = 0.211538, p − d = 3/13 = 0.230769;
		// se = √((p + d − (p − d)²) / N') = √((0.653846 − 0.053254) / 13) = √0.046199 = 0.214940;
		// 100 × (0.230769 ± 1.959964 × 0.214940) = 23.0769 ± 42.1274 → −19.0506 .. 65.2045.
		const e = npsFromScores([9, 10, 9, 10, 9, 7, 8, 7, 3, 0], ANY_N);
		expect(e.value).toBe(30);
		expect(e.n).toBe(10);
		expect(e.low!).toBeCloseTo(-19.0506, 4);
		expect(e.high!).toBeCloseTo(65.2045, 4);
		// The interval is centred on the adjusted estimate (23.08), not on the raw NPS (30).
		expect((e.low! + e.high!) / 2).toBeCloseTo((100 * 3) / 13, 10);
	});

	test('a mixed case at the default minimum: 20 promoters, 12 passives, 8 detractors of 40', () => {
		// NPS = 100 × 12 / 40 = 30. N' = 43, p = 20.75/43 = 0.482558, d = 8.75/43 = 0.203488,
		// p − d = 12/43 = 0.279070; se = √((0.686047 − 0.077880) / 43) = √0.014143 = 0.118926;
		// 27.9070 ± 1.959964 × 11.8926 = 27.9070 ± 23.3091 → 4.5979 .. 51.2161.
		const e = nps({ promoters: 20, detractors: 8, n: 40 });
		expect(e.value).toBe(30);
		expect(e.low!).toBeCloseTo(4.5979, 4);
		expect(e.high!).toBeCloseTo(51.2161, 4);
	});

	test('all promoters: NPS 100, the upper bound clamped at 100', () => {
		// N = 30, P = 30: N' = 33, p = 30.75/33 = 0.931818, d = 0.75/33 = 0.022727, p − d = 0.909091;
		// se = √((0.954545 − 0.826446) / 33) = √0.0038818 = 0.062304;
		// 90.9091 ± 12.2114 → 78.6977 .. 103.1205, clamped to 100.
		const e = npsFromScores(repeat(10, 30));
		expect(e).toMatchObject({ value: 100, n: 30, high: 100 });
		expect(e.low!).toBeCloseTo(78.6977, 4);
	});

	test('all detractors: NPS −100, the lower bound clamped at −100 (the mirror image)', () => {
		const e = npsFromScores(repeat(0, 30));
		expect(e).toMatchObject({ value: -100, n: 30, low: -100 });
		expect(e.high!).toBeCloseTo(-78.6977, 4);
	});

	test('minimum n: 29 answers are "not enough responses" (n still reported), 30 give a value', () => {
		expect(DEFAULT_MIN_N).toBe(30);
		expect(npsFromScores(repeat(9, 29))).toEqual({ value: null, n: 29, low: null, high: null });
		expect(npsFromScores(repeat(9, 30)).value).toBe(100);
		// A workspace's own minimum wins.
		expect(npsFromScores(repeat(9, 30), { minN: 50 }).value).toBeNull();
		expect(npsFromScores(repeat(9, 5), { minN: 5 }).value).toBe(100);
	});
});

describe('CSAT (top-2-box share, Wilson interval, mean beside it)', () => {
	test('Wilson interval of 8/10 at 95 % is 49.02–94.33 % (published)', () => {
		// p = 0.8, z² = 3.841459, 1 + z²/n = 1.384146; centre = (0.8 + 0.192073) / 1.384146 = 0.716739;
		// half = 1.959964 × √(0.016 + 0.0096036) / 1.384146 = 1.959964 × 0.160011 / 1.384146 = 0.226577.
		const { low, high } = wilsonInterval(8, 10);
		expect(low).toBeCloseTo(49.02, 2);
		expect(high).toBeCloseTo(94.33, 2);
	});

	test('1–5 scale: [5, 5, 4, 3, 2] → 3 of 5 top-2-box = 60 %, mean 3.8, Wilson 23.07–88.24 %', () => {
		// top-2-box on 1–5 is 4–5: 5, 5, 4 → 3/5. Mean = 19/5 = 3.8.
		// Wilson 3/5: centre = (0.6 + 0.384146) / 1.768292 = 0.556551, half = 1.959964 × √(0.048 + 0.038415) / 1.768292 = 0.325827.
		const e = csatFromScores([5, 5, 4, 3, 2].map((score) => ({ score, scaleMax: 5 })), ANY_N);
		expect(e.value).toBe(60);
		expect(e.n).toBe(5);
		expect(e.mean).toBeCloseTo(3.8, 12);
		expect(e.low!).toBeCloseTo(23.0724, 4);
		expect(e.high!).toBeCloseTo(88.2379, 4);
	});

	test('1–7 scale: [7, 6, 6, 5, 1] → top-2-box is 6–7: 3 of 5 = 60 %, mean 25/5 = 5 (on 1–7)', () => {
		const counts = csatCounts([7, 6, 6, 5, 1].map((score) => ({ score, scaleMax: 7 })));
		expect(counts).toEqual({ n5: 0, sum5: 0, n7: 5, sum7: 25, top: 3 });
		const e = csat(counts, ANY_N);
		expect(e.value).toBe(60);
		expect(e.mean).toBe(5);
		// The same share gives the same interval whatever the scale.
		expect(e.low!).toBeCloseTo(23.0724, 4);
	});

	test('mixed scales: 1–7 answers are rescaled onto 1–5 for the mean (s → 1 + (s − 1)·2/3)', () => {
		// 1–5: 5, 4 (both top-2); 1–7: 7 (top-2), 1. Share = 3/4 = 75 %.
		// Mean: 7 → 1 + 6·2/3 = 5, 1 → 1; (5 + 4 + 5 + 1) / 4 = 15/4 = 3.75.
		const e = csatFromScores(
			[
				{ score: 5, scaleMax: 5 },
				{ score: 4, scaleMax: 5 },
				{ score: 7, scaleMax: 7 },
				{ score: 1, scaleMax: 7 }
			],
			ANY_N
		);
		expect(e.value).toBe(75);
		expect(e.mean).toBeCloseTo(3.75, 12);
		// Wilson 3/4: 30.06–95.44 %.
		expect(e.low!).toBeCloseTo(30.0642, 4);
		expect(e.high!).toBeCloseTo(95.4413, 4);
		expect(csatMean({ n5: 0, sum5: 0, n7: 0, sum7: 0, top: 0 })).toBeNull();
	});

	test('all satisfied: 100 %, upper bound 100; none satisfied: 0 %, lower bound 0', () => {
		// Wilson 30/30: centre = (1 + 0.064024) / 1.128049 = 0.943242, half = 1.959964 × √(0.0010671) / 1.128049 = 0.056758
		// → 88.65 .. 100 (centre + half is exactly 1 in exact arithmetic; in doubles 1 − 1 ulp).
		const all = csatFromScores(repeat(5, 30).map((score) => ({ score, scaleMax: 5 })));
		expect(all).toMatchObject({ value: 100, n: 30 });
		expect(all.high!).toBeCloseTo(100, 12);
		expect(all.low!).toBeCloseTo(88.6487, 4);
		const none = csatFromScores(repeat(1, 30).map((score) => ({ score, scaleMax: 5 })));
		expect(none).toMatchObject({ value: 0, low: 0 });
		expect(none.high!).toBeCloseTo(11.3513, 4);
	});

	test('n = 0 and below the minimum: null value, mean and interval; n reported', () => {
		expect(csatFromScores([])).toEqual({ value: null, n: 0, low: null, high: null, mean: null });
		const few = csatFromScores(repeat(5, 29).map((score) => ({ score, scaleMax: 5 })));
		expect(few).toEqual({ value: null, n: 29, low: null, high: null, mean: null });
		expect(csatFromScores(repeat(5, 30).map((score) => ({ score, scaleMax: 5 }))).value).toBe(100);
	});
});

describe('CES (1–7 mean with a t interval, share of 5–7)', () => {
	test('[4, 5, 5, 5, 6]: mean 5, s² = 2/4, t(0.975, 4) = 2.776445 → 4.1220 .. 5.8780; easy 4/5 = 80 %', () => {
		// Σx = 25, Σx² = 16 + 75 + 36 = 127; s² = (5·127 − 625) / (5·4) = 10/20 = 0.5;
		// half = 2.776445 × √0.5 / √5 = 2.776445 × 0.316228 = 0.877989.
		const counts = cesCounts([4, 5, 5, 5, 6]);
		expect(counts).toEqual({ n: 5, sum: 25, sumSquares: 127, easy: 4 });
		const e = ces(counts, ANY_N);
		expect(e.value).toBe(5);
		expect(e.low!).toBeCloseTo(4.122011, 6);
		expect(e.high!).toBeCloseTo(5.877989, 6);
		expect(e.easyPct).toBe(80);
	});

	test('n = 2 (df = 1, t = 12.706205): [3, 5] → 4 ± 12.706 × √2/√2, clamped to the scale 1..7', () => {
		// s² = (2·34 − 64) / (2·1) = 2; half = 12.706205 × √2 / √2 = 12.706205 → −8.71 .. 16.71 → 1 .. 7.
		expect(tInterval(2, 8, 34)).toEqual({ low: 1, high: 7 });
		// Unclamped, from sums: x = 4 and 4.1 → Σx = 8.1, Σx² = 32.81, s² = (2·32.81 − 65.61) / 2 = 0.005,
		// s/√n = 0.070711/1.414214 = 0.05, half = 12.706205 × 0.05 = 0.635310 → 3.414690 .. 4.685310.
		const narrow = tInterval(2, 8.1, 32.81);
		expect(narrow.low).toBeCloseTo(3.41469, 5);
		expect(narrow.high).toBeCloseTo(4.68531, 5);
		const e = cesFromScores([3, 5], ANY_N);
		expect(e).toMatchObject({ value: 4, n: 2, low: 1, high: 7, easyPct: 50 });
	});

	test('n = 3 (df = 2, t = 4.302653): [4, 5, 6] → 5 ± 4.302653 × 1/√3 = 2.5159 .. 7.4841 → high clamped to 7', () => {
		const e = cesFromScores([4, 5, 6], ANY_N);
		expect(e.low!).toBeCloseTo(2.515862, 6);
		expect(e.high).toBe(7);
	});

	test('one answer has a mean but no interval; identical answers have a zero-width interval', () => {
		expect(cesFromScores([6], ANY_N)).toEqual({ value: 6, n: 1, low: null, high: null, easyPct: 100 });
		expect(cesFromScores([3, 3, 3], ANY_N)).toMatchObject({ value: 3, low: 3, high: 3, easyPct: 0 });
	});

	test('minimum n: 29 → null (n = 29), 30 → value; n = 0 → null', () => {
		expect(cesFromScores([])).toEqual({ value: null, n: 0, low: null, high: null, easyPct: null });
		expect(cesFromScores(repeat(7, 29))).toEqual({ value: null, n: 29, low: null, high: null, easyPct: null });
		expect(cesFromScores(repeat(7, 30))).toMatchObject({ value: 7, n: 30, low: 7, high: 7, easyPct: 100 });
	});
});

describe('FRT and TTR (continuous percentiles, open cases counted)', () => {
	const t0 = Date.UTC(2026, 0, 5, 9, 0, 0);
	const minute = 60_000;
	const hour = 3_600_000;

	test('FRT: replies after 10, 20, 30, 40 minutes → median 25 min, p90 37 min; unanswered cases not counted', () => {
		// median: h = 3 × 0.5 = 1.5 → 20 + 0.5 × 10 = 25; p90: h = 3 × 0.9 = 2.7 → 30 + 0.7 × 10 = 37.
		const cases: CaseTimes[] = [10, 40, 20, 30].map((m) => ({ openedAt: new Date(t0).toISOString(), firstResponseAt: new Date(t0 + m * minute).toISOString() }));
		cases.push({ openedAt: new Date(t0).toISOString(), firstResponseAt: null });
		const e = frt(cases, ANY_N);
		expect(e.n).toBe(4);
		expect(e.medianMinutes).toBe(25);
		expect(e.p90Minutes).toBeCloseTo(37, 10);
	});

	test('TTR: resolved after 1, 2, 4, 10 hours plus 2 open → mean 4.25 h, median 3 h, p90 8.2 h, open 2', () => {
		// mean = 17/4 = 4.25; median: h = 1.5 → 2 + 0.5 × 2 = 3; p90: h = 2.7 → 4 + 0.7 × 6 = 8.2.
		const cases = [1, 10, 2, 4].map((h) => ({ openedAt: t0, resolvedAt: t0 + h * hour }));
		const e = ttr([...cases, { openedAt: t0, resolvedAt: null }, { openedAt: new Date(t0) }], ANY_N);
		expect(e).toMatchObject({ n: 4, open: 2, meanHours: 4.25, medianHours: 3 });
		expect(e.p90Hours).toBeCloseTo(8.2, 10);
	});

	test('minimum n: 29 resolved cases → null statistics but n and open counted; 30 → values', () => {
		expect(ttrFromHours(repeat(2, 29), 3)).toEqual({ meanHours: null, medianHours: null, p90Hours: null, n: 29, open: 3 });
		expect(ttrFromHours(repeat(2, 30), 3)).toEqual({ meanHours: 2, medianHours: 2, p90Hours: 2, n: 30, open: 3 });
		expect(frtFromMinutes(repeat(5, 29))).toEqual({ medianMinutes: null, p90Minutes: null, n: 29 });
		expect(frtFromMinutes(repeat(5, 30))).toEqual({ medianMinutes: 5, p90Minutes: 5, n: 30 });
		expect(frtFromMinutes([])).toEqual({ medianMinutes: null, p90Minutes: null, n: 0 });
	});
});

describe('business outcomes', () => {
	test('churn = lost / start × 100: 30 of 200 → 15 %; no customers at start → null', () => {
		expect(churnRate({ customersAtStart: 200, customersLost: 30 })).toBe(15);
		expect(churnRate({ customersAtStart: 0, customersLost: 0 })).toBeNull();
	});

	test('retention = (end − new) / start × 100: (210 − 40) / 200 → 85 %; no start → null', () => {
		expect(retentionRate({ customersAtStart: 200, customersAtEnd: 210, newCustomers: 40 })).toBe(85);
		expect(retentionRate({ customersAtStart: 0, customersAtEnd: 10, newCustomers: 10 })).toBeNull();
	});

	test('CLV = value × frequency × lifespan (× margin): 50 × 4/yr × 3 yr = 600; with a 25 % margin 150', () => {
		expect(customerLifetimeValue({ averagePurchaseValue: 50, purchaseFrequency: 4, lifespan: 3 })).toBe(600);
		expect(customerLifetimeValue({ averagePurchaseValue: 50, purchaseFrequency: 4, lifespan: 3, margin: null })).toBe(600);
		expect(customerLifetimeValue({ averagePurchaseValue: 50, purchaseFrequency: 4, lifespan: 3, margin: 0.25 })).toBe(150);
		// A margin of 0 is a known margin, not a missing one.
		expect(customerLifetimeValue({ averagePurchaseValue: 50, purchaseFrequency: 4, lifespan: 3, margin: 0 })).toBe(0);
	});

	test('CSI = Σ wᵢ·CSATᵢ / Σ wᵢ; touchpoints without a CSAT carry no weight', () => {
		// (2 × 80 + 1 × 60) / (2 + 1) = 220 / 3 = 73.333…; the null CSAT (weight 5) is left out.
		expect(
			customerSatisfactionIndex([
				{ csatPct: 80, importance: 2 },
				{ csatPct: 60, importance: 1 },
				{ csatPct: null, importance: 5 }
			])
		).toBeCloseTo(220 / 3, 12);
		// Equal weights: the plain mean (90 + 70) / 2 = 80.
		expect(customerSatisfactionIndex([{ csatPct: 90, importance: 1 }, { csatPct: 70, importance: 1 }])).toBe(80);
		expect(customerSatisfactionIndex([{ csatPct: null, importance: 1 }])).toBeNull();
		expect(customerSatisfactionIndex([])).toBeNull();
	});
});

describe('touchpointMetricsReference (the rows of touchpoint_metrics)', () => {
	const touchpoints = [
		{ id: 'tp-a', name: 'Checkout', stage_id: 'st-1' },
		{ id: 'tp-b', name: 'Quiet', stage_id: null }
	];
	const at = (day: number, hour = 12) => new Date(Date.UTC(2026, 2, day, hour)).toISOString();
	const responses: RawResponse[] = [
		// Ann on web: NPS 10, 9; Bo on app: NPS 0; nobody on web: NPS 8 on day 3.
		{ touchpoint_id: 'tp-a', metric: 'nps', score: 10, scale_max: 10, persona_id: 'ann', channel: 'web', responded_at: at(1) },
		{ touchpoint_id: 'tp-a', metric: 'nps', score: 9, scale_max: 10, persona_id: 'ann', channel: 'web', responded_at: at(2) },
		{ touchpoint_id: 'tp-a', metric: 'nps', score: 0, scale_max: 10, persona_id: 'bo', channel: 'app', responded_at: at(2) },
		{ touchpoint_id: 'tp-a', metric: 'nps', score: 8, scale_max: 10, persona_id: null, channel: 'web', responded_at: at(3, 0) },
		{ touchpoint_id: 'tp-a', metric: 'csat', score: 5, scale_max: 5, persona_id: 'ann', channel: 'app', responded_at: at(1) },
		{ touchpoint_id: 'tp-a', metric: 'ces', score: 6, scale_max: 7, persona_id: 'bo', channel: 'web', responded_at: at(1) },
		{ touchpoint_id: 'tp-a', metric: 'ces', score: 4, scale_max: 7, persona_id: 'bo', channel: 'web', responded_at: at(2) }
	];
	const cases: RawCase[] = [
		{ touchpoint_id: 'tp-a', channel: 'web', opened_at: at(1, 9), first_response_at: at(1, 10), resolved_at: at(1, 15) },
		{ touchpoint_id: 'tp-a', channel: 'app', opened_at: at(2, 9), first_response_at: at(2, 11), resolved_at: null }
	];
	const feedback: RawFeedback[] = [
		{ touchpoint_id: 'tp-a', persona_id: 'ann', sentiment: 'negative', created_at: at(1) },
		{ touchpoint_id: 'tp-a', persona_id: 'bo', sentiment: 'positive', created_at: at(2) },
		{ touchpoint_id: 'tp-a', persona_id: null, sentiment: null, created_at: at(2) },
		{ touchpoint_id: null, persona_id: null, sentiment: 'negative', created_at: at(2) }
	];
	const data = { responses, cases, feedback };
	const run = (filters: Parameters<typeof touchpointMetricsReference>[2]) => touchpointMetricsReference(touchpoints, data, filters);

	test('without filters: every answer, case and feedback item of the touchpoint', () => {
		const [a, b] = run({ minN: 1 });
		// NPS: promoters 10, 9; passive 8; detractor 0 → 100 × (2 − 1) / 4 = 25.
		expect(a).toMatchObject({ touchpoint_id: 'tp-a', touchpoint_name: 'Checkout', stage_id: 'st-1', nps: 25, nps_n: 4, csat_pct: 100, csat_n: 1, ces_mean: 5, ces_n: 2 });
		// FRT 60 and 120 min → median 90; TTR: one resolved after 6 h; one open.
		expect(a).toMatchObject({ frt_median_minutes: 90, frt_n: 2, ttr_mean_hours: 6, ttr_n: 1, cases_open: 1 });
		// Feedback: 3 items on tp-a, 2 scored, 1 negative → 0.5 (the item without a touchpoint counts nowhere).
		expect(a).toMatchObject({ feedback_n: 3, negative_share: 0.5, min_n: 1 });
		expect(b).toMatchObject({ touchpoint_id: 'tp-b', nps: null, nps_n: 0, csat_n: 0, ces_n: 0, cases_open: 0, feedback_n: 0, negative_share: null, frt_n: 0 });
	});

	test('a persona filter keeps that persona’s answers and feedback and nulls the service columns (cases carry no persona)', () => {
		const [a] = run({ minN: 1, personaId: 'ann' });
		expect(a).toMatchObject({ nps: 100, nps_n: 2, csat_n: 1, ces_n: 0, ces_mean: null, feedback_n: 1, negative_share: 1 });
		expect(a).toMatchObject({ cases_open: null, frt_n: null, ttr_n: null, frt_median_minutes: null, frt_p90_minutes: null, ttr_mean_hours: null });
	});

	test('a channel filter keeps that channel’s answers and cases and nulls the feedback columns (feedback carries no channel)', () => {
		const [a] = run({ minN: 1, channel: 'web' });
		// web NPS: 10, 9, 8 → 100 × 2/3; web cases: the resolved one only.
		expect(a!.nps).toBeCloseTo(200 / 3, 12);
		expect(a).toMatchObject({ nps_n: 3, csat_n: 0, ces_n: 2, frt_n: 1, ttr_n: 1, cases_open: 0, frt_median_minutes: 60 });
		expect(a).toMatchObject({ feedback_n: null, negative_share: null });
	});

	test('the period is [from, to): an answer at `from` counts, one at `to` does not', () => {
		// [2 Mar 12:00, 3 Mar 00:00): the two answers of day 2 at noon count, the NPS 8 at 3 Mar 00:00 does not.
		const [a] = run({ minN: 1, from: at(2), to: at(3, 0) });
		expect(a).toMatchObject({ nps_n: 2, nps: 0, ces_n: 1, csat_n: 0 });
		// Cases by opened_at: only the one opened 2 Mar 09:00 is before 12:00 → none in range.
		expect(a).toMatchObject({ frt_n: 0, cases_open: 0, feedback_n: 2 });
	});

	test('below the minimum n the values are null but the n columns are not', () => {
		const [a] = run({ minN: 5 });
		expect(a).toMatchObject({ nps: null, nps_low: null, nps_n: 4, csat_pct: null, csat_mean: null, ces_mean: null, ces_easy_pct: null });
		expect(a).toMatchObject({ frt_median_minutes: null, ttr_mean_hours: null, frt_n: 2, ttr_n: 1, cases_open: 1, feedback_n: 3, negative_share: null, min_n: 5 });
	});
});
