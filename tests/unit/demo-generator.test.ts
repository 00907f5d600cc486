import { describe, expect, test } from 'vitest';
import { demoShipDate, generateDemo, IMPROVED_TOUCHPOINT } from '#lib/domain/demo/generate.js';
import { moments, welchDifference } from '#lib/domain/metrics/impact.js';
import { Random } from '#lib/domain/random.js';

const now = new Date('2026-06-30T12:00:00Z');

describe('demo generator', () => {
	test('the same seed and date give exactly the same data', () => {
		expect(generateDemo({ now, responses: 2000, feedback: 100, cases: 200 })).toEqual(
			generateDemo({ now, responses: 2000, feedback: 100, cases: 200 })
		);
		expect(generateDemo({ now, seed: 1, responses: 50 }).responses).not.toEqual(generateDemo({ now, seed: 2, responses: 50 }).responses);
	});

	const demo = generateDemo({ now });

	test('has the size the issue asks for', () => {
		expect(demo.stages).toHaveLength(6);
		expect(demo.touchpoints.length).toBeGreaterThanOrEqual(20);
		expect(new Set(demo.touchpoints.map((t) => t.channel))).toEqual(new Set(['web', 'app', 'email', 'phone', 'store', 'chat', 'social', 'other']));
		expect(demo.personas).toHaveLength(3);
		expect(demo.responses.length).toBeGreaterThanOrEqual(20_000);
		expect(demo.feedback.length).toBeGreaterThanOrEqual(500);
		expect(demo.cases.length).toBeGreaterThanOrEqual(2_000);
	});

	test('every value respects the database constraints', () => {
		const scale = { nps: [0, 10], csat: [1, 5], ces: [1, 7] } as const;
		for (const r of demo.responses) {
			const [min, max] = scale[r.metric];
			expect(Number.isInteger(r.score) && r.score >= min && r.score <= max).toBe(true);
		}
		const start = now.getTime() - 182 * 86_400_000;
		for (const r of demo.responses) expect(Date.parse(r.respondedAt)).toBeGreaterThanOrEqual(start);
		for (const c of demo.cases) {
			if (c.firstResponseAt) expect(c.firstResponseAt >= c.openedAt).toBe(true);
			if (c.resolvedAt) expect(c.resolvedAt >= c.openedAt).toBe(true);
		}
	});

	test('the planted touchpoints are clearly worse than the rest, and one has too few answers to judge', () => {
		const nps = (tpKey: string) => {
			const tp = demo.touchpoints.find((t) => t.key === tpKey)!;
			const scores = demo.responses.filter((r) => r.touchpointId === tp.id && r.metric === 'nps').map((r) => r.score);
			const promoters = scores.filter((s) => s >= 9).length;
			const detractors = scores.filter((s) => s <= 6).length;
			return { n: scores.length, nps: (100 * (promoters - detractors)) / scores.length };
		};
		const planted = ['install-booking', 'support-chat', 'first-bill'].map(nps);
		const healthy = ['checkout', 'store-visit', 'autopay'].map(nps);
		for (const bad of planted) for (const good of healthy) expect(bad.nps).toBeLessThan(good.nps - 40);
		const thinResponses = demo.responses.filter((r) => r.touchpointId === demo.touchpoints.find((t) => t.key === 'social-reviews')!.id);
		expect(thinResponses.length).toBeGreaterThan(0);
		expect(thinResponses.length).toBeLessThan(30);
	});

	test('negative comments concentrate on the planted touchpoints', () => {
		const negativeShare = (key: string) => {
			const id = demo.touchpoints.find((t) => t.key === key)!.id;
			const items = demo.feedback.filter((f) => f.touchpointId === id);
			return items.filter((f) => f.sentiment === 'negative').length / items.length;
		};
		expect(negativeShare('install-booking')).toBeGreaterThan(0.6);
		expect(negativeShare('autopay')).toBeLessThan(0.3);
	});
});

describe('Random', () => {
	test('uuids are valid v4 and reproducible', () => {
		const a = new Random(7);
		const b = new Random(7);
		const id = a.uuid();
		expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
		expect(b.uuid()).toBe(id);
	});

	test("the done action's touchpoint gets significantly easier after its ship date (the demo impact card)", () => {
		const demo = generateDemo({ now });
		const ship = Date.parse(`${demoShipDate(now)}T00:00:00Z`);
		const id = demo.touchpoints.find((t) => t.key === IMPROVED_TOUCHPOINT)!.id;
		const ces = (from: number, to: number) =>
			demo.responses.filter((r) => r.touchpointId === id && r.metric === 'ces' && Date.parse(r.respondedAt) >= from && Date.parse(r.respondedAt) < to).map((r) => r.score);
		const window = 28 * 86_400_000;
		const before = ces(ship - window, ship);
		const after = ces(ship, ship + window);
		expect(before.length).toBeGreaterThanOrEqual(30);
		expect(after.length).toBeGreaterThanOrEqual(30);
		const d = welchDifference(moments(before), moments(after))!;
		// Measured on this date: +1.47, 95 % interval 1.11 to 1.84 (n = 71 before, 64 after).
		expect(d.delta).toBeGreaterThan(1);
		expect(d.low).toBeGreaterThan(0.5);
	});
});

