import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { fillSentiment, labelOf, looksForeign, scoreSentiment } from '#lib/domain/feedback/sentiment.js';
import { withSentiment } from '#lib/server/data/imports.js';
import type { FeedbackRecord, ResponseRecord } from '#lib/domain/import/index.js';

describe('scoreSentiment', () => {
	test('clear positive and negative texts, scores in -1..1 with the sign as label', () => {
		expect(scoreSentiment('I love this airline, the crew was wonderful')).toMatchObject({ label: 'positive' });
		expect(scoreSentiment('Terrible service, rude staff and a dirty cabin')).toMatchObject({ label: 'negative' });
		for (const text of ['great', 'awful', 'fine I guess', 'horrible horrible horrible']) {
			const { label, score } = scoreSentiment(text);
			expect(score).toBeGreaterThanOrEqual(-1);
			expect(score).toBeLessThanOrEqual(1);
			expect(label).toBe(labelOf(score));
		}
		expect(labelOf(0)).toBe('neutral');
		expect(labelOf(0.001)).toBe('positive');
		expect(labelOf(-0.001)).toBe('negative');
	});

	test('negation flips the word after it', () => {
		expect(scoreSentiment('The food was good').label).toBe('positive');
		expect(scoreSentiment('The food was not good').label).toBe('negative');
		expect(scoreSentiment("I don't like the new app").label).toBe('negative');
		expect(scoreSentiment('The flight was not bad at all').label).toBe('positive');
		expect(scoreSentiment('not good').score).toBe(-scoreSentiment('good').score);
	});

	test('emoji and emoticons carry sentiment', () => {
		expect(scoreSentiment('Flight 221 😍🎉').label).toBe('positive');
		expect(scoreSentiment('Flight 221 😡').label).toBe('negative');
		expect(scoreSentiment('see you at the gate :)').label).toBe('positive');
		expect(scoreSentiment('see you at the gate :(').label).toBe('negative');
	});

	test('empty, blank, numbers and plain facts are neutral 0', () => {
		for (const text of ['', '   \n\t', '12345', 'Flight 221 from JFK to LAX', 'Order #5512']) expect(scoreSentiment(text)).toEqual({ label: 'neutral', score: 0 });
		expect(Object.is(scoreSentiment('good bad').score, -0)).toBe(false);
	});

	test('very long text: scored in time, still signed, never outside -1..1', () => {
		const long = 'The crew was friendly and helpful. '.repeat(600);
		const started = performance.now();
		const result = scoreSentiment(long);
		expect(performance.now() - started).toBeLessThan(1000);
		expect(result.label).toBe('positive');
		expect(scoreSentiment('awful '.repeat(50_000)).label).toBe('negative');
		// One endless "word" (wink's tokenizer is quadratic in token length: 4 s before the guard).
		for (const text of ['x'.repeat(100_000), ('a1!'.repeat(21) + ' ').repeat(300), '😀'.repeat(10_000)]) {
			const t0 = performance.now();
			expect(scoreSentiment(text).label).toBe('neutral');
			expect(performance.now() - t0).toBeLessThan(500);
		}
	});

	test('other languages are neutral rather than scored on look-alike English words, and nothing crashes', () => {
		const foreign = [
			'Der Flug war pünktlich und das Personal sehr freundlich',
			'Le vol était en retard et le personnel impoli',
			'El vuelo llegó tarde otra vez y nadie nos ayudó',
			'Il volo era in ritardo e il personale scortese',
			'De vlucht was te laat en niemand hielp ons'
		];
		for (const text of foreign) {
			expect(looksForeign(text)).toBe(true);
			expect(scoreSentiment(text)).toEqual({ label: 'neutral', score: 0 });
		}
		for (const text of ['搭乗手続きがとても遅かった', 'Рейс задержали на три часа', 'تأخرت الرحلة', 'ไม่ดีเลย']) {
			expect(scoreSentiment(text)).toEqual({ label: 'neutral', score: 0 });
		}
		expect(looksForeign('So far so good, no delays and the crew was lovely')).toBe(false);
		expect(looksForeign('no wifi, no food, no luck')).toBe(false);
	});
});

test('repeated short texts are scored once: the same answer, and changing one answer changes no other', () => {
	const first = scoreSentiment('Rude staff, again');
	first.label = 'positive';
	expect(scoreSentiment('Rude staff, again')).toEqual({ label: 'negative', score: expect.any(Number) });
	for (let i = 0; i < 10_050; i++) scoreSentiment(`good ${i}`);
	expect(scoreSentiment('Rude staff, again').label).toBe('negative');
});

describe('fillSentiment', () => {
	test('keeps what the item brought, computes only when it brought nothing', () => {
		expect(fillSentiment({ sentiment: 'positive', sentiment_score: null }, 'awful')).toEqual({ sentiment: 'positive', sentiment_score: null });
		expect(fillSentiment({ sentiment: 'negative', sentiment_score: -1 }, 'lovely')).toEqual({ sentiment: 'negative', sentiment_score: -1 });
		expect(fillSentiment({ sentiment: null, sentiment_score: null }, 'lovely')).toMatchObject({ sentiment: 'positive' });
		expect(fillSentiment({}, null)).toEqual({ sentiment: null, sentiment_score: null });
		expect(fillSentiment({}, '  ')).toEqual({ sentiment: null, sentiment_score: null });
	});

	test('import records: feedback and survey comments get sentiment, a given one is kept, cases untouched', () => {
		const fb = (body: string, sentiment: FeedbackRecord['sentiment'] = null, score: number | null = null): FeedbackRecord => ({
			touchpoint_id: null, source: 'email', body, sentiment, sentiment_score: score, theme: null, persona_id: null, created_at: null
		});
		const rs = (comment: string | null): ResponseRecord => ({
			touchpoint_id: 't', metric: 'nps', score: 9, scale_max: 10, comment, persona_id: null, channel: null, responded_at: null
		});
		const out = withSentiment([fb('Lost my bag, awful'), fb('awful', 'positive', 1), rs('great crew'), rs('great crew'), rs(null)]) as unknown as Record<string, unknown>[];
		expect(out[0]).toMatchObject({ sentiment: 'negative' });
		expect(out[0]!.sentiment_score).toBeLessThan(0);
		expect(out[1]).toMatchObject({ sentiment: 'positive', sentiment_score: 1 });
		expect(out[2]).toMatchObject({ sentiment: 'positive', comment: 'great crew' });
		expect(out[3]).toEqual(out[2]);
		expect(out[4]).toMatchObject({ sentiment: null, sentiment_score: null });
		const kase = { touchpoint_id: 't', channel: null, category: null, opened_at: '2026-01-01T00:00:00Z', first_response_at: null, resolved_at: null };
		expect(withSentiment([kase])).toEqual([kase]);
	});
});

test('the lexicons stay out of the browser bundle: no client-side file imports the sentiment module', () => {
	const offenders: string[] = [];
	const walk = (dir: string) => {
		for (const name of readdirSync(dir)) {
			const path = join(dir, name);
			if (statSync(path).isDirectory()) walk(path);
			else if (/\.(svelte|ts)$/.test(name) && !/\+server\.ts$|\+page\.server\.ts$|\+layout\.server\.ts$/.test(name)) {
				// Value imports only: `import type { Theme } …` is erased at compile time.
				const valueImports = readFileSync(path, 'utf8').match(/^\s*import\s+(?!type\s)[^;]*?from\s+['"][^'"]+['"]/gm) ?? [];
				if (valueImports.some((line) => /feedback\/(sentiment|themes)(\.js)?['"]|wink-sentiment|wink-porter2-stemmer|['"]stopword['"]/.test(line))) offenders.push(path);
			}
		}
	};
	for (const dir of ['src/routes', 'src/lib/components', 'src/lib/canvas', 'src/lib/state', 'src/lib/data', 'src/lib/domain/import', 'src/lib/sync']) {
		try {
			walk(dir);
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
		}
	}
	expect(offenders).toEqual([]);
});
