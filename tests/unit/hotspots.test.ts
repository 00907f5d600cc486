import Papa from 'papaparse';
import { describe, expect, test } from 'vitest';
import { canvasHref, readCanvasLink } from '#lib/canvas/deep-link.js';
import { csvCell, hotspotsCsv, hotspotsFilename, HOTSPOT_CSV_HEADER, toCsv } from '#lib/domain/friction/export.js';
import {
	DEFAULT_FILTERS,
	hotspotQuery,
	hotspotRows,
	metricText,
	pageOf,
	parseHotspotQuery,
	periodRange,
	trendMetricOf,
	type FrictionRow,
	type KeyMetrics
} from '#lib/domain/friction/hotspots.js';

const J = '11111111-1111-4111-8111-111111111111';
const P = '22222222-2222-4222-8222-222222222222';
const parse = (query: string) => parseHotspotQuery(new URLSearchParams(query));

describe('filters in the URL', () => {
	test('no parameters are the defaults; every filter is read', () => {
		expect(parse('')).toEqual({ ok: true, filters: DEFAULT_FILTERS });
		const parsed = parse(`journey=${J.toUpperCase()}&stage=Get+help&persona=${P}&channel=chat&period=90d&hotspots=1&sort=name&page=2`);
		expect(parsed).toEqual({
			ok: true,
			filters: { journeyId: J, stage: 'Get help', personaId: P, channel: 'chat', teamId: null, groupByTeam: false, period: '90d', fromDate: null, toDate: null, hotspotsOnly: true, sort: 'name', page: 2 }
		});
	});

	test('round trip: the canonical query reads back to the same filters, and leaves defaults out', () => {
		const parsed = parse(`persona=${P}&from=2026-03-01&to=2026-03-31&hotspots=1&sort=journey`);
		expect(parsed.ok).toBe(true);
		if (!parsed.ok) return;
		expect(parsed.filters.period).toBe('custom');
		const query = hotspotQuery(parsed.filters);
		expect(query).toBe(`?persona=${P}&period=custom&from=2026-03-01&to=2026-03-31&hotspots=1&sort=journey`);
		expect(parse(query.slice(1))).toEqual(parsed);
		expect(hotspotQuery(DEFAULT_FILTERS)).toBe('');
		// Empty values (an unset select in a plain form submit) count as not given.
		expect(parse('journey=&stage=&persona=&channel=&period=all')).toEqual({ ok: true, filters: DEFAULT_FILTERS });
	});

	test.each([
		['colour=red', /Unknown filter “colour”/],
		['journey=abc', /not a journey id/],
		['persona=1', /not a persona id/],
		['channel=pigeon', /channel is one of web, app/],
		['period=7d', /period is one of all, 30d/],
		['from=2026-02-30', /“from” date is not a date/],
		['to=yesterday', /“to” date is not a date/],
		['period=30d&from=2026-01-01', /period or dates, not both/],
		['from=2026-03-02&to=2026-03-01', /after the “to” date/],
		['hotspots=yes', /“hotspots” is 1/],
		['sort=score', /Sort by one of friction, name, journey/],
		['page=0', /whole number/],
		['page=2&page=3', /given twice/],
		[`stage=${'x'.repeat(201)}`, /longer than 200/]
	])('%s is refused with a reason', (query, message) => {
		const parsed = parse(query);
		expect(parsed.ok).toBe(false);
		if (!parsed.ok) expect(parsed.message).toMatch(message);
	});

	test('periods: presets end now, custom dates are whole UTC days with the end day included', () => {
		const now = new Date('2026-12-01T12:00:00Z');
		expect(periodRange(DEFAULT_FILTERS, now)).toEqual({ from: null, to: null });
		expect(periodRange({ ...DEFAULT_FILTERS, period: '30d' }, now)).toEqual({ from: '2026-11-01T12:00:00.000Z', to: null });
		expect(periodRange({ ...DEFAULT_FILTERS, period: 'custom', fromDate: '2026-03-01', toDate: '2026-03-31' }, now)).toEqual({
			from: '2026-03-01T00:00:00.000Z',
			to: '2026-04-01T00:00:00.000Z'
		});
		expect(periodRange({ ...DEFAULT_FILTERS, period: 'custom' }, now)).toEqual({ from: null, to: null });
	});
});

const row = (name: string, score: number, extra: Partial<FrictionRow> = {}): FrictionRow => ({
	touchpoint_id: `id-${name}`,
	touchpoint_name: name,
	journey_id: J,
	journey_name: 'Broadband',
	stage_name: 'Get help',
	friction_score: score,
	is_hotspot: score >= 50,
	evidence_n: 100,
	top_reasons: [],
	explanation: 'Meets its targets',
	...extra
});
const metrics = (m: Partial<KeyMetrics>): KeyMetrics => ({ nps: null, nps_n: 0, csat_pct: null, csat_n: 0, ces_mean: null, ces_n: 0, ...m });

describe('the table', () => {
	const rpc = [
		row('Support chat', 100, { top_reasons: ['CSAT 21% vs target 80% (n=390)'] }),
		row('Billing', 60, { journey_name: 'Accounts', stage_name: 'Pay' }),
		row('app help', 20),
		row('Renewal', 0, { is_hotspot: false, evidence_n: 0 })
	];
	const m = new Map([
		['id-Support chat', metrics({ nps: -70, nps_n: 400, csat_pct: 21, csat_n: 390 })],
		['id-app help', metrics({ ces_mean: 4.1, ces_n: 80, nps_n: 12 })]
	]);

	test('ranked by friction; stage and hotspot filters narrow it and rank within what is left', () => {
		expect(hotspotRows(rpc, m, DEFAULT_FILTERS).map((r) => [r.rank, r.touchpointName])).toEqual([
			[1, 'Support chat'],
			[2, 'Billing'],
			[3, 'app help'],
			[4, 'Renewal']
		]);
		expect(hotspotRows(rpc, m, { ...DEFAULT_FILTERS, stage: 'Get help' }).map((r) => [r.rank, r.touchpointName])).toEqual([
			[1, 'Support chat'],
			[2, 'app help'],
			[3, 'Renewal']
		]);
		expect(hotspotRows(rpc, m, { ...DEFAULT_FILTERS, hotspotsOnly: true }).map((r) => r.touchpointName)).toEqual(['Support chat', 'Billing']);
	});

	test('sorted by name (case-insensitive) or journey keeps the friction rank', () => {
		expect(hotspotRows(rpc, m, { ...DEFAULT_FILTERS, sort: 'name' }).map((r) => `${r.rank} ${r.touchpointName}`)).toEqual([
			'3 app help',
			'2 Billing',
			'4 Renewal',
			'1 Support chat'
		]);
		expect(hotspotRows(rpc, m, { ...DEFAULT_FILTERS, sort: 'journey' }).map((r) => r.touchpointName)).toEqual(['Billing', 'Support chat', 'app help', 'Renewal']);
	});

	test('the sparkline follows the metric the explanation leads with, else the most answered one', () => {
		expect(trendMetricOf(['first response 228 min vs target', 'NPS −15 vs target +30 (n=455)'], metrics({}))).toBe('nps');
		expect(trendMetricOf([], metrics({ nps_n: 12, ces_n: 80 }))).toBe('ces');
		expect(trendMetricOf([], metrics({}))).toBeNull();
		const rows = hotspotRows(rpc, m, DEFAULT_FILTERS);
		expect(rows.map((r) => r.trendMetric)).toEqual(['csat', null, 'ces', null]);
	});

	test('key metrics say "not enough" below the minimum n and never show a number then', () => {
		const support = metrics({ nps: -70.4, nps_n: 400, csat_pct: 21.2, csat_n: 390, ces_n: 12 });
		expect(metricText('nps', support)).toBe('NPS −70 (n=400)');
		expect(metricText('csat', support)).toBe('CSAT 21% (n=390)');
		expect(metricText('ces', support)).toBe('CES not enough (n=12)');
		expect(metricText('ces', metrics({}))).toBe('CES no answers');
		expect(metricText('nps', metrics({ nps: 12.6, nps_n: 50 }))).toBe('NPS +13 (n=50)');
	});

	test('pages of 50, the page clamped to the last one', () => {
		const many = Array.from({ length: 120 }, (_, i) => i);
		expect(pageOf(many, 1)).toMatchObject({ page: 1, pages: 3 });
		expect(pageOf(many, 3).rows).toEqual(many.slice(100));
		expect(pageOf(many, 9)).toMatchObject({ page: 3 });
		expect(pageOf([], 4)).toEqual({ rows: [], page: 1, pages: 1 });
	});
});

describe('CSV export', () => {
	test('RFC 4180: quotes doubled, fields with commas or line breaks quoted, CRLF rows', () => {
		expect(toCsv([['a', 'b,c'], ['say "hi"', 'two\nlines']])).toBe('a,"b,c"\r\n"say ""hi""","two\nlines"\r\n');
		expect(csvCell(null)).toBe('');
		expect(csvCell(true)).toBe('yes');
		expect(csvCell(Number.NaN)).toBe('');
	});

	test('text a spreadsheet would run as a formula gets a leading quote; our numbers stay numbers', () => {
		for (const evil of ['=HYPERLINK("http://x")', '+1+1', '-2+3', '@SUM(A1)', '\tcmd', '\r=1']) expect(csvCell(evil).replace(/^"/, '')).toMatch(/^'/);
		expect(csvCell('=1,2')).toBe(`"'=1,2"`);
		expect(csvCell(-81)).toBe('-81');
		expect(csvCell('NPS −81 vs target +30')).toBe('NPS −81 vs target +30');
	});

	test('the table as CSV reads back with a CSV parser: header, then one line per row', () => {
		const rows = hotspotRows(
			[row('=cmd|" /C calc"!A0', 88.04, { explanation: 'first response 228 min vs target 60 min; 42% of 36 comments negative — top theme: "waiting", mostly' })],
			new Map([['id-=cmd|" /C calc"!A0', metrics({ nps: -15.25, nps_n: 455, ces_mean: 3.456, ces_n: 40 })]]),
			DEFAULT_FILTERS
		);
		const parsed = Papa.parse<string[]>(hotspotsCsv(rows).trimEnd(), { newline: '\r\n' });
		expect(parsed.errors).toEqual([]);
		expect(parsed.data[0]).toEqual([...HOTSPOT_CSV_HEADER]);
		expect(parsed.data[1]).toEqual([
			'1',
			`'=cmd|" /C calc"!A0`,
			'Broadband',
			'Get help',
			'88',
			'yes',
			'100',
			'-15.3',
			'455',
			'',
			'0',
			'3.46',
			'40',
			'first response 228 min vs target 60 min; 42% of 36 comments negative — top theme: "waiting", mostly',
			'',
			'',
			'id-=cmd|" /C calc"!A0',
			J
		]);
		expect(hotspotsFilename(new Date('2026-12-01T23:59:00Z'))).toBe('hotspots-2026-12-01.csv');
	});
});

describe('links into the canvas', () => {
	test('the Hotspots row link opens the touchpoint with the Metrics tab, and reads back', () => {
		const href = canvasHref('w1', J, 'tp-1');
		expect(href).toBe(`/w/w1/journeys/${J}?touchpoint=tp-1&panel=metrics`);
		expect(readCanvasLink(new URL(href, 'http://x').searchParams)).toEqual({ nodeId: 'tp-1', panel: 'metrics' });
		expect(readCanvasLink(new URLSearchParams('touchpoint=tp-1&panel=nope'))).toEqual({ nodeId: 'tp-1', panel: null });
		expect(readCanvasLink(new URLSearchParams(''))).toBeNull();
	});
});
