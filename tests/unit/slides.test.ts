import { describe, expect, test } from 'vitest';
import { buildSlides, clampIndex } from '#lib/domain/presentation/slides.js';
import type { PresentationData, PresentationTouchpoint } from '#lib/domain/presentation/types.js';
import { mostNegative, worstFirst } from '#lib/domain/presentation/verbatim.js';

const tp = (id: string, over: Partial<PresentationTouchpoint> = {}): PresentationTouchpoint => ({
	id,
	name: `Touchpoint ${id}`,
	channel: 'web',
	metrics: [
		{ metric: 'nps', value: null, n: 0, target: 30 },
		{ metric: 'csat', value: null, n: 0, target: 80 },
		{ metric: 'ces', value: null, n: 0, target: 5.5 }
	],
	friction: null,
	isHotspot: false,
	explanation: 'No evidence yet',
	evidenceN: 0,
	...over
});

const base = (over: Partial<PresentationData> = {}): PresentationData => ({
	journey: { id: 'j1', workspaceId: 'w1', name: 'Broadband support', description: 'From fault to fix' },
	period: { from: null, to: null, label: 'All time' },
	minN: 30,
	stages: [],
	unstaged: [],
	personas: [],
	topHotspots: [],
	generatedAt: '2026-12-01T00:00:00.000Z',
	...over
});

const persona = (id: string, name: string) => ({
	id,
	name,
	photoUrl: null,
	quote: 'Just make it work',
	role: 'Parent',
	goals: ['Stream in the evening'],
	pains: ['Waiting on hold'],
	behaviours: [],
	channels: ['phone']
});

describe('buildSlides', () => {
	test('a full journey: title, personas, stages in order, closing with the top hotspots', () => {
		const hot = tp('b', {
			isHotspot: true,
			friction: 81,
			evidenceN: 400,
			explanation: 'NPS −40 misses target +30',
			metrics: [
				{ metric: 'nps', value: -40, n: 400, target: 30 },
				{ metric: 'csat', value: null, n: 12, target: 80 },
				{ metric: 'ces', value: null, n: 0, target: 5.5 }
			]
		});
		const data = base({
			personas: [persona('p1', 'Ana'), persona('p2', 'Ben')],
			stages: [
				{ id: 's1', name: 'Notice a fault', touchpoints: [tp('a')], verbatim: null },
				{
					id: 's2',
					name: 'Get help',
					touchpoints: [hot, tp('c')],
					verbatim: { body: 'On hold for an hour', touchpointId: 'b', touchpointName: 'Touchpoint b', sentiment: 'negative', createdAt: '2026-11-01T00:00:00Z' }
				}
			],
			topHotspots: [{ touchpointId: 'b', touchpointName: 'Touchpoint b', stageName: 'Get help', friction: 81, explanation: 'NPS −40 misses target +30' }]
		});
		const slides = buildSlides(data);
		expect(slides.map((s) => s.key)).toEqual(['title', 'persona:p1', 'persona:p2', 'stage:s1', 'stage:s2', 'closing']);
		expect(slides.map((s) => s.title)).toEqual(['Broadband support', 'Ana', 'Ben', 'Notice a fault', 'Get help', 'Where it hurts most']);
		const title = slides[0]!;
		expect(title.kind === 'title' && [title.stageCount, title.touchpointCount, title.personaCount, title.hotspotCount]).toEqual([2, 3, 2, 1]);
		const stage = slides[4]!;
		if (stage.kind !== 'stage') throw new Error('stage slide expected');
		expect([stage.position, stage.of, stage.hotspotCount, stage.minN]).toEqual([2, 2, 1, 30]);
		expect(stage.touchpoints.map((t) => t.id)).toEqual(['b', 'c']);
		// Metrics below the minimum n keep their n (the slide says "not enough responses"), not a value.
		expect(stage.touchpoints[0]!.metrics[1]).toEqual({ metric: 'csat', value: null, n: 12, target: 80 });
		expect(stage.verbatim?.body).toBe('On hold for an hour');
		const closing = slides[5]!;
		expect(closing.kind === 'closing' && closing.hotspots.map((h) => h.touchpointId)).toEqual(['b']);
		expect(closing.kind === 'closing' && closing.hasEvidence).toBe(true);
	});

	test('no personas, no stages, no metrics: title and an honest closing slide', () => {
		const slides = buildSlides(base());
		expect(slides.map((s) => s.key)).toEqual(['title', 'closing']);
		const closing = slides[1]!;
		expect(closing.title).toBe('Summary');
		expect(closing.kind === 'closing' && closing.hasEvidence).toBe(false);
	});

	test('thin evidence: stages without verbatims, no hotspots, evidence but nothing over the threshold', () => {
		const thin = tp('a', { evidenceN: 5, friction: 10, explanation: 'Not enough responses (n=5; 30 needed per metric)' });
		const slides = buildSlides(base({ stages: [{ id: 's1', name: 'Buy', touchpoints: [thin], verbatim: null }, { id: 's2', name: 'Empty', touchpoints: [], verbatim: null }] }));
		expect(slides.map((s) => s.key)).toEqual(['title', 'stage:s1', 'stage:s2', 'closing']);
		const stage = slides[1]!;
		expect(stage.kind === 'stage' && [stage.hotspotCount, stage.verbatim]).toEqual([0, null]);
		const empty = slides[2]!;
		expect(empty.kind === 'stage' && empty.touchpoints).toEqual([]);
		const closing = slides[3]!;
		expect(closing.kind === 'closing' && [closing.title, closing.hasEvidence, closing.hotspots]).toEqual(['Summary', true, []]);
	});

	test('touchpoints outside any stage get their own slide after the stages', () => {
		const slides = buildSlides(base({ stages: [{ id: 's1', name: 'Buy', touchpoints: [tp('a')], verbatim: null }], unstaged: [tp('x')] }));
		expect(slides.map((s) => s.key)).toEqual(['title', 'stage:s1', 'stage:none', 'closing']);
		const loose = slides[2]!;
		expect(loose.kind === 'stage' && [loose.title, loose.position, loose.of]).toEqual(['Outside any stage', 2, 2]);
	});

	test('keys are stable when the data changes (notes hang on them)', () => {
		const one = buildSlides(base({ stages: [{ id: 's1', name: 'Buy', touchpoints: [], verbatim: null }] }));
		const two = buildSlides(base({ journey: { id: 'j1', workspaceId: 'w1', name: 'Renamed', description: '' }, stages: [{ id: 's1', name: 'Purchase', touchpoints: [tp('a')], verbatim: null }] }));
		expect(two.map((s) => s.key)).toEqual(one.map((s) => s.key));
	});

	test('buildSlides does not change its input', () => {
		const data = base({ stages: [{ id: 's1', name: 'Buy', touchpoints: [tp('a')], verbatim: null }] });
		const copy = structuredClone(data);
		buildSlides(data);
		expect(data).toEqual(copy);
	});
});

describe('verbatim rule', () => {
	test('worst touchpoint first: friction, then evidence, then canvas order', () => {
		const order = worstFirst([tp('a', { friction: 20, evidenceN: 5 }), tp('b', { friction: 70 }), tp('c', { friction: 20, evidenceN: 50 }), tp('d')]);
		expect(order.map((t) => t.id)).toEqual(['b', 'c', 'a', 'd']);
	});

	test('most negative comment; unscored after scored; newest on ties; blank bodies ignored', () => {
		const c = (body: string, sentimentScore: number | null, createdAt: string) => ({ body, sentimentScore, sentiment: null, createdAt });
		expect(mostNegative([c('fine', 0.2, '2026-01-01'), c('awful', -0.8, '2026-01-01'), c('bad', -0.3, '2026-02-01')])?.body).toBe('awful');
		expect(mostNegative([c('old', -0.5, '2026-01-01'), c('new', -0.5, '2026-03-01')])?.body).toBe('new');
		expect(mostNegative([c('no score', null, '2026-05-01'), c('nice', 0.6, '2026-01-01')])?.body).toBe('nice');
		expect(mostNegative([c('   ', -1, '2026-01-01')])).toBeNull();
		expect(mostNegative([])).toBeNull();
	});
});

test('clampIndex keeps a slide number inside the deck', () => {
	expect([clampIndex(-3, 5), clampIndex(2.7, 5), clampIndex(99, 5)]).toEqual([0, 2, 4]);
});

describe('keyboard', () => {
	test('arrows, space, PageUp/PageDown, Home/End, Esc, F, B, P, T', async () => {
		const { keyAction, step } = await import('#lib/domain/presentation/keys.js');
		const map = (key: string) => keyAction({ key });
		expect(['ArrowRight', ' ', 'PageDown', 'ArrowDown'].map(map)).toEqual(['next', 'next', 'next', 'next']);
		expect(['ArrowLeft', 'PageUp', 'ArrowUp'].map(map)).toEqual(['previous', 'previous', 'previous']);
		expect(['Home', 'End', 'Escape', 'f', 'F', 'b', 'B', 'p', 't', 'x'].map(map)).toEqual([
			'first',
			'last',
			'exit',
			'fullscreen',
			'fullscreen',
			'blank',
			'blank',
			'presenter',
			'theme',
			null
		]);
		// Ctrl+P prints, Ctrl+F finds: not ours.
		expect(keyAction({ key: 'p', ctrlKey: true })).toBeNull();
		expect([step('next', 4, 5), step('previous', 0, 5), step('last', 1, 5), step('first', 3, 5)]).toEqual([4, 0, 4, 0]);
	});
});

describe('live state', () => {
	test('parseStateRequest accepts a well-formed move and refuses anything else', async () => {
		const { parseStateRequest } = await import('#lib/domain/presentation/live.js');
		const ok = { index: 2, key: 'stage:3f0e8a52-8c1e-4d6a-9a63-1c2d3e4f5a6b', blank: false, client: 'abcdef0123456789' };
		expect(parseStateRequest(ok)).toEqual({ ok: true, value: ok });
		for (const bad of [
			null,
			[],
			'x',
			{ ...ok, index: -1 },
			{ ...ok, index: 1.5 },
			{ ...ok, index: '2' },
			{ ...ok, index: 5000 },
			{ ...ok, blank: 'true' },
			{ ...ok, key: '<script>' },
			{ ...ok, client: 'short' },
			{ ...ok, extra: 1 }
		]) {
			expect(parseStateRequest(bad).ok, JSON.stringify(bad)).toBe(false);
		}
	});

	test('placeInDeck checks the index range and finds the key; followers prefer the key', async () => {
		const { followIndex, placeInDeck } = await import('#lib/domain/presentation/live.js');
		const deck = ['title', 'stage:none', 'closing'];
		const req = (index: number, key: string) => ({ index, key, blank: false, client: 'abcdefgh' });
		expect(placeInDeck(req(2, 'closing'), deck)).toBe(2);
		// The presenter's deck had one more slide: the key decides where it is here.
		expect(placeInDeck(req(1, 'closing'), deck)).toBe(2);
		expect(placeInDeck(req(3, 'closing'), deck)).toBeNull();
		expect(placeInDeck(req(0, 'persona:3f0e8a52-8c1e-4d6a-9a63-1c2d3e4f5a6b'), deck)).toBeNull();
		const slides = deck.map((key) => ({ key }));
		expect(followIndex({ index: 0, key: 'closing' }, slides)).toBe(2);
		expect(followIndex({ index: 7, key: 'stage:gone' }, slides)).toBe(2);
	});
});

test('toPersona: any persona row to card fields; an uploaded photo goes through the members-only route', async () => {
	const { toPersona } = await import('#lib/server/data/presentation.js');
	const row = { id: 'p1', workspace_id: 'w1', name: 'Ana', photo_url: null, photo_key: 'abc', quote: 'Hi', role: '', goals: ['a', '', 3], pains: null, age_range: '30–39' };
	const persona = toPersona(row);
	expect(persona).toMatchObject({ id: 'p1', name: 'Ana', quote: 'Hi', goals: ['a'], pains: [], ageRange: '30–39', location: null });
	expect(persona.photoUrl).toMatch(/^\/w\/w1\/personas\/p1\/photo/);
	expect(toPersona({ ...row, photo_key: null, photo_url: 'https://example.test/a.jpg' }).photoUrl).toBe('https://example.test/a.jpg');
});
