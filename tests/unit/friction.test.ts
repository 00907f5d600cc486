import { describe, expect, test } from 'vitest';
import {
	FRICTION_CAPS,
	worseningWindows,
	HOTSPOT_THRESHOLD,
	feedbackTerm,
	formatSurvey,
	friction,
	roundHalfAway,
	serviceTerm,
	surveyGap,
	worseningTerm,
	type FrictionInput
} from '#lib/domain/friction/model.js';
import { frictionColor, frictionMarks, worstPerStage } from '#lib/domain/friction/overlay.js';
import { DEFAULT_TARGETS } from '#lib/domain/metrics/targets.js';
import type { TouchpointMetricsRow } from '#lib/domain/metrics/touchpoint.js';

/** A touchpoint_metrics row with nothing in it, to fill in per test. */
function row(patch: Partial<TouchpointMetricsRow> = {}): TouchpointMetricsRow {
	return {
		touchpoint_id: 't1',
		touchpoint_name: 'Checkout',
		stage_id: null,
		nps: null,
		nps_n: 0,
		nps_low: null,
		nps_high: null,
		csat_pct: null,
		csat_mean: null,
		csat_n: 0,
		csat_low: null,
		csat_high: null,
		ces_mean: null,
		ces_n: 0,
		ces_low: null,
		ces_high: null,
		ces_easy_pct: null,
		frt_median_minutes: null,
		frt_p90_minutes: null,
		ttr_mean_hours: null,
		ttr_median_hours: null,
		ttr_p90_hours: null,
		cases_open: 0,
		feedback_n: 0,
		negative_share: null,
		frt_n: 0,
		ttr_n: 0,
		min_n: 30,
		...patch
	};
}

const input = (patch: Partial<FrictionInput> = {}): FrictionInput => ({
	current: row(),
	recent: null,
	previous: null,
	negative: 0,
	scored: 0,
	topTheme: null,
	targets: { ...DEFAULT_TARGETS },
	minN: 30,
	windowLabel: 'last 90 days vs the 90 before',
	...patch
});

describe('survey gap term', () => {
	test('is measured at the interval bound nearest the target, over the full-severity gap', () => {
		// CES 3.1 [2.9, 3.3] vs 5.5: gap from the upper bound 5.5 − 3.3 = 2.2, over 3 points = 0.7333.
		const gap = surveyGap(row({ ces_mean: 3.1, ces_low: 2.9, ces_high: 3.3, ces_n: 212 }), 'ces', 5.5)!;
		expect(gap.severity).toBeCloseTo(2.2 / 3, 12);
		expect(gap.reason).toBe('CES 3.1 vs target 5.5 (n=212)');
	});
	test('noise is not friction: a value below target whose interval reaches it scores 0', () => {
		expect(surveyGap(row({ nps: 25, nps_low: 10, nps_high: 40, nps_n: 80 }), 'nps', 30)!.severity).toBe(0);
	});
	test('no value (below the minimum n) means no term at all', () => {
		expect(surveyGap(row({ nps_n: 12 }), 'nps', 30)).toBeNull();
	});
	test('caps at 1: NPS −100 vs +30 is a gap of 130 points over 100', () => {
		expect(surveyGap(row({ nps: -100, nps_low: -100, nps_high: -95, nps_n: 60 }), 'nps', 30)!.severity).toBe(1);
	});
});

describe('feedback term', () => {
	test('uses the Wilson lower bound of the negative share above 25 %', () => {
		// 40 of 96 negative: p = 0.41667, Wilson centre 0.41988, half-width 0.09676, lower bound 0.32312;
		// (0.32312 − 0.25) / 0.5 = 0.14623.
		const term = feedbackTerm(40, 96, 30, 'waiting')!;
		expect(term.severity).toBeCloseTo(0.14623, 4);
		expect(term.reason).toBe('42% of 96 comments negative — top theme: waiting');
	});
	test('the same share from few comments weighs less (volume)', () => {
		expect(feedbackTerm(24, 30, 30, null)!.severity).toBeLessThan(feedbackTerm(240, 300, 30, null)!.severity);
	});
	test('below the minimum n there is no term', () => {
		expect(feedbackTerm(10, 12, 30, null)).toBeNull();
	});
});

describe('service term', () => {
	test('three times the target is full severity; the worse of FRT and TTR counts', () => {
		const term = serviceTerm(row({ frt_median_minutes: 120, frt_n: 40, ttr_median_hours: 72, ttr_n: 40 }), { ...DEFAULT_TARGETS })!;
		// FRT 120/60 − 1 = 1 → 0.5; TTR 72/24 − 1 = 2 → 1.
		expect(term.severity).toBe(1);
		expect(term.reason).toBe('resolution 72.0 h vs target 24.0 h (median, n=40)');
	});
	test('meeting the target is 0', () => {
		expect(serviceTerm(row({ frt_median_minutes: 45, frt_n: 40 }), { ...DEFAULT_TARGETS })!.severity).toBe(0);
	});
});

describe('worsening term', () => {
	test('only the drop beyond 1.96 standard errors of the difference counts', () => {
		// Before 5.0 ± 0.2, now 4.0 ± 0.2: se each 0.2/1.96; drop 1.0 − 1.96·√2·0.102 = 0.7172; over 3 = 0.2391.
		const before = row({ ces_mean: 5, ces_low: 4.8, ces_high: 5.2, ces_n: 100 });
		const now = row({ ces_mean: 4, ces_low: 3.8, ces_high: 4.2, ces_n: 100 });
		const term = worseningTerm(now, before, 'last 90 days vs the 90 before')!;
		expect(term.severity).toBeCloseTo((1 - Math.sqrt(2) * 0.2) / 3, 12);
		expect(term.reason).toBe('CES fell from 5.0 to 4.0 (last 90 days vs the 90 before)');
	});
	test('an improvement is 0, and missing windows mean no term', () => {
		const before = row({ nps: 0, nps_low: -10, nps_high: 10, nps_n: 100 });
		const now = row({ nps: 40, nps_low: 30, nps_high: 50, nps_n: 100 });
		expect(worseningTerm(now, before, 'x')!.severity).toBe(0);
		expect(worseningTerm(null, before, 'x')).toBeNull();
	});
});

describe('friction score and explanation', () => {
	test('one term far off target is a hotspot on its own; caps bound each term', () => {
		const result = friction(input({ current: row({ ces_mean: 2.5, ces_low: 2.3, ces_high: 2.7, ces_n: 200 }) }));
		// CES gap (5.5 − 2.7) / 3 = 0.9333, cap 1 → friction 93.33.
		expect(result.score).toBeCloseTo(93.333, 2);
		expect(result.isHotspot).toBe(true);
		expect(result.explanation).toBe('CES 2.5 vs target 5.5 (n=200)');
		expect(FRICTION_CAPS.feedback).toBeLessThan(1);
	});
	test('terms combine as independent evidence, with reasons by contribution', () => {
		const result = friction(
			input({
				current: row({ nps: 10, nps_low: 0, nps_high: 20, nps_n: 300, frt_median_minutes: 150, frt_n: 90, feedback_n: 80 }),
				negative: 50,
				scored: 80,
				topTheme: 'waiting'
			})
		);
		const survey = 0.1; // (30 − 20) / 100
		const feedback = 0.8 * ((0.51548 - 0.25) / 0.5); // Wilson low of 50/80: centre 0.61927 − half 0.10379 = 0.51548
		const service = 0.8 * 0.75; // (150/60 − 1) / 2
		expect(result.score).toBeCloseTo(100 * (1 - (1 - survey) * (1 - feedback) * (1 - service)), 2);
		expect(result.topReasons[0]).toBe('first response 150 min vs target 60 min (median, n=90)');
		expect(result.explanation.split('; ')).toHaveLength(3);
	});
	test('thin evidence is never a hotspot and says so', () => {
		const result = friction(input({ current: row({ nps_n: 5 }) }));
		expect(result.score).toBe(0);
		expect(result.isHotspot).toBe(false);
		expect(result.explanation).toBe('Not enough responses (n=5; 30 needed per metric)');
		expect(friction(input()).explanation).toBe('No evidence yet');
	});
	test('on target everywhere: score 0 and "Meets its targets"', () => {
		const result = friction(input({ current: row({ nps: 60, nps_low: 50, nps_high: 70, nps_n: 100 }) }));
		expect(result.score).toBe(0);
		expect(result.explanation).toBe('Meets its targets');
		expect(HOTSPOT_THRESHOLD).toBe(50);
	});
	test('numbers are written as Postgres rounds them (half away from zero)', () => {
		expect(roundHalfAway(-2.5)).toBe(-3);
		expect(roundHalfAway(2.25, 1)).toBe(2.3);
		expect(formatSurvey('nps', -12.5)).toBe('−13');
		expect(formatSurvey('nps', 0.4)).toBe('0');
		expect(formatSurvey('csat', 79.5)).toBe('80%');
	});
});

describe('worsening windows', () => {
	test('an open period compares everything since the first of the month three months back with the three months before', () => {
		const w = worseningWindows(null, '2026-12-01T19:36:00Z');
		expect(w.recent).toEqual(['2026-09-01T00:00:00.000Z', '2026-12-01T19:36:00.000Z']);
		expect(w.previous).toEqual(['2026-06-01T00:00:00.000Z', '2026-09-01T00:00:00.000Z']);
		expect(w.label).toBe('since 2026-09-01 vs the 3 months before');
	});
	test('a period compares itself with the stretch of the same length before it', () => {
		const w = worseningWindows('2026-10-01T00:00:00Z', '2026-10-31T00:00:00Z');
		expect(w.previous).toEqual(['2026-09-01T00:00:00.000Z', '2026-10-01T00:00:00.000Z']);
		expect(w.label).toBe('last 30 days vs the 30 before');
	});
	test('the recent window ends where the period ends: an open end stays open', () => {
		const now = new Date('2026-12-01T19:36:00Z');
		const open = worseningWindows(null, null, now);
		expect(open.recent).toEqual(['2026-09-01T00:00:00.000Z', null]);
		expect(open.previous).toEqual(['2026-06-01T00:00:00.000Z', '2026-09-01T00:00:00.000Z']);
		const since = worseningWindows('2026-11-01T00:00:00Z', null, now);
		expect(since.recent).toEqual(['2026-11-01T00:00:00.000Z', null]);
		expect(since.previous[0]).toBe(new Date(Date.parse('2026-11-01T00:00:00Z') - (now.getTime() - Date.parse('2026-11-01T00:00:00Z'))).toISOString());
	});
});

describe('overlay', () => {
	test('colours run from pale (0) to dark (100) and the worst touchpoint of each stage is named', () => {
		expect(frictionColor(0)).not.toBe(frictionColor(100));
		const marks = frictionMarks([
			{ touchpoint_id: 'a', friction_score: 80, is_hotspot: true, explanation: 'x' },
			{ touchpoint_id: 'b', friction_score: 20, is_hotspot: false, explanation: 'y' },
			{ touchpoint_id: 'c', friction_score: 0, is_hotspot: false, explanation: 'z' }
		]);
		const worst = worstPerStage(
			[
				{ id: 'a', name: 'Chat', stageId: 's1' },
				{ id: 'b', name: 'Email', stageId: 's1' },
				{ id: 'c', name: 'Store', stageId: 's2' }
			],
			marks
		);
		expect(worst.get('s1')).toBe('Worst: Chat (80)');
		expect(worst.has('s2')).toBe(false);
	});
});
