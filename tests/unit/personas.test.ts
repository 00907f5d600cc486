import { describe, expect, test } from 'vitest';
import { avatarFor, filterPersonas, galleryQuery, normaliseTags, readGalleryFilters, tagCounts, toggleTag, type GalleryFilters } from '#lib/domain/personas.js';
import { personaFormSchema, personaRow, splitLines } from '#lib/domain/personas-form.js';
import { clampOffset, coverScale, cropSource } from '#lib/domain/personas-crop.js';
import { summarisePersonaMetrics, worstTouchpoints } from '#lib/domain/personas-metrics.js';
import { sniffImage, assertPhotoKey, photoKey } from '#lib/server/data/persona-photos.js';
import type { FrictionRow } from '#lib/domain/friction/hotspots.js';

/** WCAG relative luminance of an sRGB colour from CSS hsl(). */
function luminanceOfHsl(h: number, s: number, l: number): number {
	const a = s * Math.min(l, 1 - l);
	const f = (n: number) => {
		const k = (n + h / 30) % 12;
		return l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
	};
	const lin = (c: number) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
	return 0.2126 * lin(f(0)) + 0.7152 * lin(f(8)) + 0.0722 * lin(f(4));
}

describe('generated avatar', () => {
	test('initials of the first and last word, one letter for one word, ? for none', () => {
		expect(avatarFor('a', 'Maya, the remote worker').initials).toBe('MW');
		expect(avatarFor('a', 'Émile').initials).toBe('É');
		expect(avatarFor('a', '  ').initials).toBe('?');
	});
	test('the colour is stable per id, differs between ids, and white text on it has a contrast of at least 4.5:1 for every hue', () => {
		expect(avatarFor('0b0d-1', 'X').background).toBe(avatarFor('0b0d-1', 'Y').background);
		const hues = new Set(Array.from({ length: 50 }, (_, i) => avatarFor(`persona-${i}`, 'X').background));
		expect(hues.size).toBeGreaterThan(40);
		for (let hue = 0; hue < 360; hue++) {
			const contrast = 1.05 / (luminanceOfHsl(hue, 0.55, 0.3) + 0.05);
			expect(contrast).toBeGreaterThanOrEqual(4.5);
		}
		expect(avatarFor('x', 'X').background).toMatch(/^hsl\(\d+ 55% 30%\)$/);
	});
});

describe('tags and the gallery filters', () => {
	const persona = (name: string, tags: string[], extra: Partial<{ role: string; quote: string; bio: string; location: string; archivedAt: string | null }> = {}) => ({
		name,
		tags,
		role: '',
		quote: '',
		bio: '',
		location: '',
		archivedAt: null,
		...extra
	});
	const library = [
		persona('Maya', ['remote', 'churn risk'], { role: 'UX designer', location: 'Lyon' }),
		persona('Tom', ['family'], { quote: 'Just make the Wi-Fi work' }),
		persona('Zoë', ['remote', 'family'], { bio: 'Runs a bakery' }),
		persona('Old', ['remote'], { archivedAt: '2026-01-01T00:00:00Z' })
	];
	const filters = (f: Partial<GalleryFilters>): GalleryFilters => ({ q: '', tags: [], archived: false, ...f });

	test('tags are trimmed, lower-cased, spaces collapsed, deduplicated, at most 12 of 30 characters', () => {
		expect(normaliseTags(' Churn  risk, mobile,MOBILE, ,')).toEqual(['churn risk', 'mobile']);
		expect(normaliseTags(Array.from({ length: 20 }, (_, i) => `t${i}`))).toHaveLength(12);
		expect(normaliseTags(['x'.repeat(40)])[0]).toHaveLength(30);
	});
	test('every selected tag must be there; words match name, role, quote, bio, location or tags ignoring case and accents', () => {
		expect(filterPersonas(library, filters({ tags: ['remote'] })).map((p) => p.name)).toEqual(['Maya', 'Zoë']);
		expect(filterPersonas(library, filters({ tags: ['remote', 'family'] })).map((p) => p.name)).toEqual(['Zoë']);
		expect(filterPersonas(library, filters({ q: 'zoe' })).map((p) => p.name)).toEqual(['Zoë']);
		expect(filterPersonas(library, filters({ q: 'wi-fi JUST' })).map((p) => p.name)).toEqual(['Tom']);
		expect(filterPersonas(library, filters({ q: 'lyon designer' })).map((p) => p.name)).toEqual(['Maya']);
		expect(filterPersonas(library, filters({ q: 'churn' })).map((p) => p.name)).toEqual(['Maya']);
		expect(filterPersonas(library, filters({ q: 'nobody' }))).toEqual([]);
	});
	test('archived personas only in the archived view', () => {
		expect(filterPersonas(library, filters({})).map((p) => p.name)).not.toContain('Old');
		expect(filterPersonas(library, filters({ archived: true })).map((p) => p.name)).toEqual(['Old']);
	});
	test('the URL round-trips; toggling a tag adds or removes it; counts sort by use', () => {
		const f = filters({ q: 'maya', tags: ['churn risk', 'remote'], archived: true });
		const query = galleryQuery(f);
		expect(query).toBe('?q=maya&tag=churn+risk&tag=remote&archived=1');
		expect(readGalleryFilters(new URLSearchParams(query.slice(1)))).toEqual(f);
		expect(galleryQuery(filters({}))).toBe('');
		expect(toggleTag(f, 'remote').tags).toEqual(['churn risk']);
		expect(toggleTag(f, 'family').tags).toEqual(['churn risk', 'remote', 'family']);
		expect(readGalleryFilters(new URLSearchParams('tag=Remote&tag=remote')).tags).toEqual(['remote']);
		expect(tagCounts(library.slice(0, 3))).toEqual([
			{ tag: 'family', count: 2 },
			{ tag: 'remote', count: 2 },
			{ tag: 'churn risk', count: 1 }
		]);
	});
});

describe('the persona form', () => {
	const valid = { name: '  Maya ', goals: 'One bill\n\n- Fast Wi-Fi\nOne bill\n', techComfort: '4', tags: 'Remote, remote,  Churn risk' };
	test('lists are one per line (bullets and repeats dropped), tags normalised, tech comfort a number', () => {
		const parsed = personaFormSchema.parse(valid);
		expect(parsed.name).toBe('Maya');
		expect(parsed.goals).toEqual(['One bill', 'Fast Wi-Fi']);
		expect(parsed.pains).toEqual([]);
		expect(parsed.tags).toEqual(['remote', 'churn risk']);
		expect(parsed.techComfort).toBe(4);
		expect(personaFormSchema.parse({ name: 'X', techComfort: '' }).techComfort).toBeNull();
		expect(personaRow(parsed)).toMatchObject({ name: 'Maya', tech_comfort: 4, age_range: '', goals: ['One bill', 'Fast Wi-Fi'], motivations: [] });
		expect(splitLines('a\r\nb\n• c')).toEqual(['a', 'b', 'c']);
	});
	test('refuses what the database would: no name, tech comfort outside 1-5, too many or too long lines, long text', () => {
		const issue = (input: Record<string, string>) => personaFormSchema.safeParse(input).error?.issues[0]?.message;
		expect(issue({ name: '  ' })).toBe('Give the persona a name.');
		expect(issue({ name: 'X', techComfort: '6' })).toBe('Choose a tech comfort from 1 to 5.');
		expect(issue({ name: 'X', techComfort: '2.5' })).toBe('Choose a tech comfort from 1 to 5.');
		expect(issue({ name: 'X', needs: Array.from({ length: 31 }, (_, i) => `n${i}`).join('\n') })).toBe('Needs: at most 30 lines.');
		expect(issue({ name: 'X', pains: 'p'.repeat(301) })).toBe('Pains: each line at most 300 characters.');
		expect(issue({ name: 'X', bio: 'b'.repeat(2001) })).toBe('Use at most 2,000 characters.');
	});
});

describe('the square crop', () => {
	test('starts covering the frame and never shows an empty band', () => {
		expect(coverScale(900, 600, 240)).toBeCloseTo(0.4);
		const clamped = clampOffset({ x: 50, y: -500, scale: 0.1 }, 900, 600, 240);
		expect(clamped.scale).toBeCloseTo(0.4);
		expect(clamped.x).toBe(0);
		expect(clamped.y).toBeCloseTo(240 - 600 * 0.4);
	});
	test('the source square is what the frame shows, in image pixels', () => {
		// 900 × 600 at 0.8 (zoom 2), moved 100 px left and 40 up: the frame shows image px 125..425 × 50..350.
		expect(cropSource({ x: -100, y: -40, scale: 0.8 }, 240)).toEqual({ x: 125, y: 50, size: 300 });
	});
});

describe('photo bytes and keys', () => {
	test('the type comes from the magic bytes', () => {
		expect(sniffImage(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe('jpg');
		expect(sniffImage(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe('png');
		expect(sniffImage(new TextEncoder().encode('RIFF\u0000\u0000\u0000\u0000WEBPVP8 '))).toBe('webp');
		expect(sniffImage(new TextEncoder().encode('<svg onload=alert(1)>'))).toBeNull();
	});
	test('keys are workspace/persona-version.ext and nothing else (no path can leave the store)', () => {
		const ws = '1808524a-4320-4b66-9e98-1bd2a421eaa3';
		const id = 'f25481f4-530a-4631-8518-90b854361fcf';
		expect(() => assertPhotoKey(photoKey(ws, id, 'webp', 'abc1'))).not.toThrow();
		expect(() => assertPhotoKey(`${ws}/../../etc/passwd`)).toThrow();
		expect(() => assertPhotoKey(`${ws}/${id}-1.svg`)).toThrow();
	});
});

describe('a persona’s own metrics', () => {
	const row = (nps: number | null, nps_n: number, csat_pct: number | null, csat_n: number, ces_mean: number | null, ces_n: number) => ({ nps, nps_n, csat_pct, csat_n, ces_mean, ces_n });
	test('pooled across touchpoints by n (the pooled value of their answers); touchpoints below the minimum set aside', () => {
		// 40 answers at +50 (promoters − detractors = 20) and 60 at −10 (= −6): pooled (20 − 6) / 100 = +14.
		const m = summarisePersonaMetrics([row(50, 40, 80, 40, 3, 40), row(-10, 60, 50, 60, 5, 60), row(null, 7, null, 7, null, 0)]);
		expect(m.nps).toEqual({ value: 14, n: 100, touchpoints: 2, setAside: 7 });
		expect(m.csat.value).toBeCloseTo(62);
		expect(m.ces.value).toBeCloseTo(4.2);
		expect(m.ces.setAside).toBe(0);
		expect(summarisePersonaMetrics([]).nps).toEqual({ value: null, n: 0, touchpoints: 0, setAside: 0 });
	});
	test('worst touchpoints: with this persona’s evidence, highest friction first, five at most', () => {
		const f = (name: string, score: number, evidence: number) => ({ touchpoint_id: name, touchpoint_name: name, friction_score: score, evidence_n: evidence }) as FrictionRow;
		const rows = [f('a', 0.2, 10), f('b', 0.9, 0), f('c', 0.7, 3), f('d', 0.5, 8), f('e', 0.4, 1), f('g', 0.3, 1), f('h', 0.1, 2)];
		expect(worstTouchpoints(rows).map((r) => r.touchpoint_name)).toEqual(['c', 'd', 'e', 'g', 'a']);
	});
});
