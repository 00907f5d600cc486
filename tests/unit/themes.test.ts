import { describe, expect, test } from 'vitest';
import { parseThemeQuery } from '#lib/domain/feedback/filters.js';
import { clauses, phrases, topThemes, type ThemeItem } from '#lib/domain/feedback/themes.js';

/** A small touchpoint's feedback, newest first. */
const FIXTURE: ThemeItem[] = [
	{ id: 10, body: 'Lost my luggage again. Nobody at the desk could help!', sentiment: 'negative' },
	{ id: 9, body: '@AcmeAir lost luggage on flight 221, waited 2 hours http://t.co/x', sentiment: 'negative' },
	{ id: 8, body: 'The boarding was quick and the crew friendly', sentiment: 'positive' },
	{ id: 7, body: "They've LOST LUGGAGE twice this year #fail", sentiment: 'negative' },
	{ id: 6, body: 'Friendly crew, comfortable seats', sentiment: 'positive' },
	{ id: 5, body: 'Boarding delayed by an hour', sentiment: 'negative' },
	{ id: 4, body: 'boarding delays every single time', sentiment: 'negative' },
	{ id: 3, body: 'Seats were comfortable', sentiment: 'positive' },
	{ id: 2, body: 'Wi-Fi did not work', sentiment: null },
	{ id: 1, body: 'Kiosk check-in was fine', sentiment: 'neutral' }
];

describe('phrases', () => {
	test('stop words, links, mentions and contractions go; stems unite forms; bigrams stay inside a clause, in either order', () => {
		expect(clauses("They've LOST the luggage, @Acme! http://x.y/z #fail").map((c) => c.map((t) => t.surface))).toEqual([['lost', 'luggage'], ['fail']]);
		const p = phrases('Boarding delayed. Delays at boarding');
		expect([...p.keys()].sort()).toEqual(['board', 'board delay', 'delay']);
		expect(p.get('delay')).toBe('delayed');
		expect([...phrases('slow. wifi. app').keys()].sort()).toEqual(['app', 'slow', 'wifi']);
		expect(phrases("Kiosk check-in; the customer's bag").get('check-in')).toBe('check-in');
		expect(phrases("the customer's bag").get('bag custom')).toBe('customer bag');
		expect(phrases('the and of to a')).toEqual(new Map());
		expect(phrases('')).toEqual(new Map());
	});

	test('non-Latin scripts and very long words do not crash; words over 30 letters are dropped', () => {
		expect([...phrases('搭乗 手続き 搭乗').keys()]).toHaveLength(3);
		expect(phrases('a'.repeat(31) + ' ok')).toEqual(new Map());
		const t0 = performance.now();
		expect(phrases('supercalifragilistic'.repeat(1000))).toEqual(new Map());
		expect(phrases('a-'.repeat(10_000))).toEqual(new Map());
		expect(phrases('x@'.repeat(10_000))).toEqual(new Map());
		expect(performance.now() - t0).toBeLessThan(200);
	});
});

describe('topThemes', () => {
	test('the fixture: ranked by items × (1 + negative share), with counts, shares and newest examples', () => {
		const themes = topThemes(FIXTURE, { limit: 5 });
		expect(themes).toEqual([
			{ phrase: 'lost luggage', count: 3, negative: 3, negativeShare: 1, weight: 6, exampleIds: [10, 9] },
			// Ties in weight: bigram before word, then alphabetical.
			{ phrase: 'boarding delayed', count: 2, negative: 2, negativeShare: 1, weight: 4, exampleIds: [5, 4] },
			{ phrase: 'hour', count: 2, negative: 2, negativeShare: 1, weight: 4, exampleIds: [9, 5] },
			{ phrase: 'comfortable seats', count: 2, negative: 0, negativeShare: 0, weight: 2, exampleIds: [6, 3] },
			{ phrase: 'crew friendly', count: 2, negative: 0, negativeShare: 0, weight: 2, exampleIds: [8, 6] }
		]);
	});

	test('a word covered by a bigram in most of its items gives way to it; below minCount nothing shows', () => {
		const phrasesShown = topThemes(FIXTURE, { limit: 50 }).map((t) => t.phrase);
		expect(phrasesShown).toContain('lost luggage');
		expect(phrasesShown).not.toContain('luggage');
		expect(phrasesShown).not.toContain('lost');
		// "boarding" is in 3 items, "boarding delayed" in 2 ≥ 60 % of them.
		expect(phrasesShown).not.toContain('boarding');
		expect(phrasesShown).not.toContain('wi-fi');
		expect(phrasesShown).not.toContain('kiosk');
		expect(topThemes(FIXTURE, { minCount: 1, limit: 500 }).map((t) => t.phrase)).toContain('kiosk check-in');
	});

	test('deterministic, no sentiment means a null share, empty input gives no themes', () => {
		expect(topThemes(FIXTURE)).toEqual(topThemes(FIXTURE.map((i) => ({ ...i }))));
		expect(topThemes([])).toEqual([]);
		const unscored = topThemes([
			{ id: 1, body: 'slow app', sentiment: null },
			{ id: 2, body: 'slow app', sentiment: null }
		]);
		expect(unscored[0]).toEqual({ phrase: 'slow app', count: 2, negative: 0, negativeShare: null, weight: 2, exampleIds: [1, 2] });
	});

	test('a phrase counts once per item however often the item repeats it', () => {
		const [first] = topThemes([
			{ id: 1, body: 'delay delay delay delay', sentiment: 'negative' },
			{ id: 2, body: 'another delay', sentiment: 'negative' }
		]);
		expect(first).toMatchObject({ phrase: 'delay', count: 2 });
	});
});

describe('parseThemeQuery', () => {
	const q = (s: string) => parseThemeQuery(new URLSearchParams(s));
	test('defaults and good values', () => {
		expect(q('')).toEqual({ ok: true, filters: { from: null, to: null, personaId: null, channel: null, source: null, limit: 10 } });
		expect(q('from=2026-03-01&to=2026-04-01&source=email&limit=20&persona=00000000-0000-4000-8000-000000000001')).toEqual({
			ok: true,
			filters: { from: '2026-03-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z', personaId: '00000000-0000-4000-8000-000000000001', channel: null, source: 'email', limit: 20 }
		});
	});
	test('bad values have a message', () => {
		expect(q('from=yesterday')).toMatchObject({ ok: false, message: expect.stringContaining('from is not a date') });
		expect(q('limit=0')).toMatchObject({ ok: false, message: 'limit is at least 1' });
		expect(q('limit=500')).toMatchObject({ ok: false, message: 'limit is at most 50' });
		expect(q('limit=abc')).toMatchObject({ ok: false });
		expect(q('source=fax')).toMatchObject({ ok: false, message: expect.stringContaining('source is one of') });
		expect(q('persona=bob')).toMatchObject({ ok: false, message: 'persona is not a persona id' });
		expect(q('from=2026-04-01&to=2026-03-01')).toMatchObject({ ok: false, message: 'from must be before to' });
		expect(q('colour=red')).toMatchObject({ ok: false, message: expect.stringContaining('unknown parameter colour') });
		expect(q('limit=1&limit=2')).toMatchObject({ ok: false, message: 'limit is given twice' });
	});
});
