import { create } from 'qrcode';
import { describe, expect, test } from 'vitest';
import {
	checkAnswer,
	defaultQuestion,
	defaultScaleMax,
	embedLink,
	embedSnippet,
	isSurveyToken,
	qrPath,
	qrSvg,
	scaleOf,
	scaleValues,
	surveyLink
} from '#lib/domain/surveys.js';
import { frameHeaders } from '#lib/server/http/frames.js';

describe('survey scales (DESIGN.md §4)', () => {
	test('NPS 0–10, CSAT 1–5 or 1–7, CES 1–7 with words at the ends', () => {
		expect(scaleValues(scaleOf('nps', 10))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
		expect(scaleOf('nps', 10)).toMatchObject({ lowLabel: 'Not at all likely', highLabel: 'Extremely likely' });
		expect(scaleValues(scaleOf('csat', 5))).toEqual([1, 2, 3, 4, 5]);
		expect(scaleValues(scaleOf('csat', 7))).toHaveLength(7);
		expect(scaleOf('ces', 7)).toMatchObject({ low: 1, high: 7, highLabel: 'Very easy' });
		expect([defaultScaleMax('nps'), defaultScaleMax('csat'), defaultScaleMax('csat', 7), defaultScaleMax('ces')]).toEqual([10, 5, 7, 7]);
	});

	test('default questions name the touchpoint where it reads well', () => {
		expect(defaultQuestion('nps', 'Checkout')).toMatch(/recommend/);
		expect(defaultQuestion('csat', ' Checkout ')).toBe('How satisfied were you with Checkout?');
		expect(defaultQuestion('ces', '')).toBe('How easy was this step for you?');
	});
});

describe('checking an answer', () => {
	const nps = scaleOf('nps', 10);
	const csat = scaleOf('csat', 5);
	test('accepts whole scores on the scale and trims the comment (empty = none)', () => {
		expect(checkAnswer(nps, '0', '')).toEqual({ ok: true, score: 0, comment: null });
		expect(checkAnswer(nps, ' 10 ', '  Great  ')).toEqual({ ok: true, score: 10, comment: 'Great' });
		expect(checkAnswer(csat, '1', undefined)).toEqual({ ok: true, score: 1, comment: null });
	});
	test('refuses missing, off-scale and non-integer scores, and long comments, naming the field', () => {
		expect(checkAnswer(nps, null, '')).toMatchObject({ ok: false, field: 'score', message: 'Choose a score first.' });
		for (const bad of ['-1', '11', '7.5', 'ten', '1e1']) expect(checkAnswer(nps, bad, ''), bad).toMatchObject({ ok: false, field: 'score' });
		expect(checkAnswer(csat, '0', '')).toMatchObject({ ok: false, message: 'Choose a score from 1 to 5.' });
		expect(checkAnswer(nps, '5', 'x'.repeat(2001))).toMatchObject({ ok: false, field: 'comment' });
		expect(checkAnswer(nps, '5', ` ${'x'.repeat(2000)} `)).toMatchObject({ ok: true });
	});
});

describe('links, embed snippet, tokens', () => {
	test('links and a snippet whose attributes cannot be broken out of', () => {
		expect(surveyLink('https://js.example/', 'abc123def')).toBe('https://js.example/s/abc123def');
		expect(embedLink('https://js.example', 'abc123def')).toBe('https://js.example/s/abc123def?embed=1');
		const snippet = embedSnippet('https://js.example', 'abc123def', 'Survey: "Checkout" <b>&</b>');
		expect(snippet).toContain('src="https://js.example/s/abc123def?embed=1"');
		expect(snippet).toContain('title="Survey: &quot;Checkout&quot; &lt;b&gt;&amp;&lt;/b&gt;"');
		expect(snippet.match(/"/g)).toHaveLength(12);
	});
	test('token shape', () => {
		expect(isSurveyToken('a2053ab51aa74e91b9ca22259fb97ae8')).toBe(true);
		for (const bad of ['', 'short', '../../etc', 'a'.repeat(129), 'abc def ghi']) expect(isSurveyToken(bad), bad).toBe(false);
	});
});

describe('QR code drawing', () => {
	test('the path covers exactly the dark modules the qrcode library computed', () => {
		const { modules } = create('https://js.example/s/a2053ab51aa74e91b9ca22259fb97ae8', { errorCorrectionLevel: 'M' });
		const path = qrPath(modules.size, (r, c) => Boolean(modules.get(r, c)));
		const drawn = new Set<string>();
		for (const [, x, y, w] of path.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) {
			for (let i = 0; i < Number(w); i++) drawn.add(`${y},${Number(x) + i}`);
		}
		const dark = new Set<string>();
		for (let r = 0; r < modules.size; r++) for (let c = 0; c < modules.size; c++) if (modules.get(r, c)) dark.add(`${r},${c}`);
		expect(dark.size).toBeGreaterThan(100);
		expect(drawn).toEqual(dark);
		const svg = qrSvg(modules.size, path);
		expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 (\d+) \1"/);
		expect(svg).toContain(`translate(4 4)`);
	});
});

describe('frame protection', () => {
	const headersFor = (path: string) => {
		const headers = new Headers();
		frameHeaders(path, headers);
		return Object.fromEntries(headers);
	};
	test('only the public survey pages may be framed', () => {
		expect(headersFor('/s/a2053ab51aa74e91b9ca22259fb97ae8')).toEqual({ 'content-security-policy': 'frame-ancestors *' });
		for (const path of ['/', '/signin', '/w/x/journeys', '/s/abc/__data.json', '/api/token', '/settings/s/x']) {
			expect(headersFor(path), path).toEqual({ 'content-security-policy': "frame-ancestors 'none'", 'x-frame-options': 'DENY' });
		}
	});
});
