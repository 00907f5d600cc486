/**
 * The difference tests behind action impact (src/lib/domain/metrics/impact.ts) against
 * published worked examples where they exist, hand-worked arithmetic where they do not.
 */
import { describe, expect, test } from 'vitest';
import { impactVerdict, moments, npsDifference, proportionDifference, welchDifference, type ImpactRow } from '#lib/domain/metrics/impact.js';

describe("Welch's t", () => {
	// Published: R's documentation of t.test, `t.test(extra ~ group, data = sleep)` on Student's
	// (1908) sleep data (Cushny & Peebles): t = -1.8608, df = 17.776, 95 % CI -3.3654832 to
	// 0.2054832 for group 1 minus group 2. Ours is after (group 2) minus before (group 1).
	const group1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
	const group2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];

	test('reproduces the sleep-data example', () => {
		const d = welchDifference(moments(group1), moments(group2))!;
		expect(d.delta).toBeCloseTo(2.33 - 0.75, 10);
		expect(d.t).toBeCloseTo(1.8608, 4);
		expect(d.df).toBeCloseTo(17.776, 3);
		expect(d.low).toBeCloseTo(-0.2054832, 6);
		expect(d.high).toBeCloseTo(3.3654832, 6);
	});

	test('needs two values a side, and two constant sides give a zero-width interval', () => {
		expect(welchDifference(moments([3]), moments([4, 5]))).toBeNull();
		const flat = welchDifference(moments([3, 3, 3]), moments([5, 5]))!;
		expect(flat.delta).toBe(2);
		expect(flat.low).toBe(2);
		expect(flat.high).toBe(2);
	});
});

describe('difference of two proportions', () => {
	// Published: Newcombe (1998), Statistics in Medicine 17:873-890, Table II example (a),
	// 56/70 - 48/80: the simple Wald interval is 0.0575 to 0.3425.
	test('pseudo = 0 is the Wald interval of Newcombe example (a)', () => {
		const d = proportionDifference({ successes: 48, n: 80 }, { successes: 56, n: 70 }, 0)!;
		expect(d.delta).toBeCloseTo(20, 10);
		expect(d.low / 100).toBeCloseTo(0.0575, 4);
		expect(d.high / 100).toBeCloseTo(0.3425, 4);
	});

	// Agresti & Caffo (2000) on the same data, by hand: q1 = 49/82 = 0.597561, q2 = 57/72 =
	// 0.791667; se = sqrt(q1(1-q1)/82 + q2(1-q2)/72) = sqrt(0.0029326 + 0.0022907) = 0.072273;
	// 0.194106 -+ 1.959964 x 0.072273 = 0.05245 .. 0.33576.
	test('Agresti-Caffo adds one success and one failure a side', () => {
		const d = proportionDifference({ successes: 48, n: 80 }, { successes: 56, n: 70 })!;
		expect(d.delta).toBeCloseTo(20, 10);
		expect(d.low / 100).toBeCloseTo(0.05245, 5);
		expect(d.high / 100).toBeCloseTo(0.33576, 5);
	});

	test('an empty side gives no difference', () => {
		expect(proportionDifference({ successes: 0, n: 0 }, { successes: 3, n: 4 })).toBeNull();
	});
});

describe('difference of two NPS (adjusted Wald)', () => {
	// By hand: before 40 promoters, 30 detractors of 100 (NPS 10); after 60 and 15 of 100 (NPS 45).
	// Adjusted: before p = 40.75/103 = 0.395631, d = 30.75/103 = 0.298544, nps' = 0.097087,
	// var = (0.694175 - 0.009426) / 103 = 0.0066480; after p = 60.75/103 = 0.589806,
	// d = 15.75/103 = 0.152913, nps' = 0.436893, var = (0.742718 - 0.190876) / 103 = 0.0053577.
	// Difference 0.339806 -+ 1.959964 x sqrt(0.0120057) = 0.339806 -+ 0.214755 = 0.12505 .. 0.55456.
	test('matches the hand-worked example', () => {
		const d = npsDifference({ promoters: 40, detractors: 30, n: 100 }, { promoters: 60, detractors: 15, n: 100 })!;
		expect(d.delta).toBeCloseTo(35, 10);
		expect(d.low).toBeCloseTo(12.505, 2);
		expect(d.high).toBeCloseTo(55.456, 2);
	});

	test('all promoters against all detractors stays inside -200..200', () => {
		const d = npsDifference({ promoters: 0, detractors: 50, n: 50 }, { promoters: 50, detractors: 0, n: 50 })!;
		expect(d.delta).toBe(200);
		expect(d.low).toBeGreaterThan(150);
		expect(d.high).toBeLessThan(200);
	});
});

describe('impact verdict', () => {
	const row = (over: Partial<ImpactRow>): ImpactRow => ({
		metric: 'ces',
		before_value: 3.2,
		before_n: 300,
		after_value: 4.6,
		after_n: 300,
		delta: 1.4,
		delta_low: 1.1,
		delta_high: 1.7,
		significant: true,
		min_n: 30,
		needed_n: 0,
		...over
	});

	test('a significant rise reads as "rose by x ± half-width"', () => {
		expect(impactVerdict(row({}))).toEqual({ kind: 'improved', text: 'CES rose by 1.4 ± 0.3.' });
	});

	test('a faster first response is an improvement even though the number fell', () => {
		const v = impactVerdict(row({ metric: 'frt', delta: -30, delta_low: -40, delta_high: -20 }));
		expect(v).toEqual({ kind: 'improved', text: 'Mean FRT fell by 30 min ± 10.' });
	});

	test('an interval through zero is "no significant change"', () => {
		const v = impactVerdict(row({ delta: 0.1, delta_low: -0.2, delta_high: 0.4, significant: false }));
		expect(v.kind).toBe('no-change');
		expect(v.text).toContain('+0.1 ± 0.3');
	});

	test('too few answers says how many more are needed', () => {
		const v = impactVerdict(row({ after_n: 12, needed_n: 18, significant: false }));
		expect(v).toEqual({ kind: 'not-enough', text: 'Not enough data yet for CES: 18 more answers after the ship date — at least 30 a side are needed.' });
	});
});
