import { describe, expect, test } from 'vitest';
import {
	analyseImport,
	detectDateOrder,
	detectDelimiter,
	dice,
	formatReport,
	normaliseName,
	parseDate,
	parseMapping,
	previewCsv,
	readCsv,
	suggest,
	validateImport,
	type ImportMapping,
	type ImportProgress,
	type ResponseRecord
} from '#lib/domain/import/index.js';
import { checkFeedbackItem, checkResponseItem } from '#lib/domain/import/ingest.js';
import { RateLimiter } from '#lib/server/http/rate-limit.js';

const tp = (n: number, name: string) => ({ id: `00000000-0000-4000-8000-00000000000${n}`, name });
const TOUCHPOINTS = [tp(1, 'Checkout'), tp(2, 'Delivery'), tp(3, 'Online booking')];
const ctx = { touchpoints: TOUCHPOINTS };
const long: ImportMapping = { kind: 'responses', format: 'long', metric: 'nps', columns: { touchpoint: 'Touchpoint', score: 'Score', comment: 'Comment', date: 'Date' } };

const rows = (text: string) => {
	const out: [string[], number][] = [];
	const result = readCsv(text, {}, (fields, line) => out.push([fields, line]));
	return { out, result };
};

describe('reading CSV', () => {
	test('BOM, CRLF, quoted delimiters, doubled quotes and multi-line fields keep file line numbers', () => {
		const { out, result } = rows('\uFEFFa,b\r\n1,"x, ""y"""\r\n\r\n2,"multi\r\nline"\r\n3,z\r\n');
		expect(result.headers).toEqual(['a', 'b']);
		expect(out).toEqual([
			[['1', 'x, "y"'], 2],
			[['2', 'multi\r\nline'], 4],
			[['3', 'z'], 6]
		]);
		expect(result.rowsRead).toBe(3);
	});

	test.each([
		['a;b;c\n1;2;3\n', ';'],
		['a\tb\n1\t2\n', '\t'],
		['a|b|c\n1|2|3\n', '|'],
		['a,b\n"1;2",3\n', ','],
		['name;note\n"a, b, c";x\n', ';']
	])('detects the delimiter of %j', (text, delimiter) => {
		expect(detectDelimiter(text)).toBe(delimiter);
	});

	test('an empty file, or one with blanks only, is an error', () => {
		for (const text of ['', '\uFEFF', '\n\n  \r\n']) {
			const { report } = validateImport(text, long, ctx);
			expect(report.problems.map((p) => p.code)).toEqual(['empty']);
			expect(report.accepted).toBe(0);
		}
		expect(validateImport('Touchpoint,Score,Comment,Date\n', long, ctx).report).toMatchObject({ rowsRead: 0, accepted: 0, problems: [] });
	});

	test('a wrong delimiter (one column) is reported clearly', () => {
		const { report } = validateImport('Touchpoint Score\nCheckout 9\n', long, ctx);
		expect(report.problems[0]!.code).toBe('one-column');
		expect(report.problems[0]!.message).toMatch(/one column only .*not separated by commas, semicolons, tabs or pipes/);
		const forced = validateImport('Touchpoint;Score\nCheckout;9\n', { ...long, delimiter: ',' }, ctx).report;
		expect(forced.problems[0]!.message).toMatch(/or the delimiter is not comma/);
	});

	test('bad quoting: a malformed row is rejected, an unclosed quote stops the file with its line', () => {
		const mapping = { ...long, columns: { touchpoint: 'Touchpoint', score: 'Score' } } as ImportMapping;
		// papaparse reads on after a malformed quote up to the next quote: the row is rejected...
		const malformed = validateImport('Touchpoint,Score\nCheckout,9\nDelivery,"7"x\nCheckout,"8"\nDelivery,5\n', mapping, ctx).report;
		expect(malformed).toMatchObject({ accepted: 2, rejected: 1, problems: [] });
		expect(malformed.rejections[0]!.reason).toBe('line 3: malformed quotes (a quote inside a quoted field must be doubled: "")');
		// ...and when no quote closes it, the rest of the file is unreadable: the file is refused.
		const runaway = validateImport('Touchpoint,Score\nCheckout,9\nDelivery,"7"x\nCheckout,8\n', mapping, ctx).report;
		expect(runaway.problems).toEqual([expect.objectContaining({ code: 'unclosed-quote', line: 3 })]);
		// A stray quote inside an unquoted value is just a character.
		expect(validateImport('Touchpoint,Score\nDel"ivery,7\n', mapping, ctx).report.rejections[0]!.reason).toMatch(/'Del"ivery' is not a touchpoint/);
		const unclosed = validateImport('Touchpoint,Score,Comment\nCheckout,9,ok\nDelivery,7,"never closed\nCheckout,8,fine\n', { ...long, columns: { touchpoint: 'Touchpoint', score: 'Score', comment: 'Comment' } }, ctx).report;
		expect(unclosed.problems).toEqual([expect.objectContaining({ code: 'unclosed-quote', line: 3 })]);
		expect(unclosed.accepted).toBe(0);
	});

	test('too many fields in a row rejects the row; too few are padded', () => {
		const { report, records } = validateImport('Touchpoint,Score,Comment\nCheckout,9,a,b\nDelivery,7\n', { ...long, columns: { touchpoint: 'Touchpoint', score: 'Score', comment: 'Comment' } }, ctx);
		expect(report.rejections).toEqual([{ line: 2, reason: 'line 2: 4 fields, but the header has 3 (an unquoted comma in a value?)' }]);
		expect(records).toHaveLength(1);
	});

	test('a huge line (> 1 MB field) is an error, not a crash', () => {
		const text = `Touchpoint,Score,Comment\nCheckout,9,"${'x'.repeat(1_200_000)}"\nDelivery,8,ok\n`;
		const { report } = validateImport(text, { ...long, columns: { touchpoint: 'Touchpoint', score: 'Score', comment: 'Comment' } }, ctx);
		expect(report.problems).toEqual([expect.objectContaining({ code: 'huge-field', line: 2 })]);
		const runaway = `Touchpoint,Score,Comment\nCheckout,9,"open\n${'Delivery,8,ok\n'.repeat(200_000)}`;
		const r2 = validateImport(runaway, { ...long, columns: { touchpoint: 'Touchpoint', score: 'Score', comment: 'Comment' } }, ctx).report;
		expect(r2.problems[0]!.code).toMatch(/huge-field|unclosed-quote/);
		expect(r2.problems[0]!.line).toBe(2);
	});

	test('preview gives headers and first rows; progress reaches the end', () => {
		const text = 'a,b\n' + Array.from({ length: 100 }, (_, i) => `${i},x`).join('\n');
		const preview = previewCsv(text, { rows: 5 });
		expect(preview.headers).toEqual(['a', 'b']);
		expect(preview.rows.map((r) => r[0])).toEqual(['0', '1', '2', '3', '4']);
		const seen: ImportProgress[] = [];
		validateImport('Touchpoint,Score\n' + 'Checkout,9\n'.repeat(300_000), { ...long, columns: { touchpoint: 'Touchpoint', score: 'Score' } }, ctx, { onProgress: (p) => seen.push(p) });
		expect(seen.length).toBeGreaterThan(2);
		expect(seen.at(-1)).toMatchObject({ phase: 'validate', rowsDone: 300_000 });
		expect(seen.at(-1)!.bytesDone).toBe(seen.at(-1)!.bytesTotal);
	});
});

describe('validating responses', () => {
	test('missing required columns are named with the columns the file has', () => {
		const { report } = validateImport('Name,Value\nCheckout,9\n', long, ctx);
		expect(report.problems.map((p) => p.code)).toEqual(['missing-column', 'missing-column', 'missing-column', 'missing-column']);
		expect(report.problems[0]!.message).toBe("The file has no column 'Touchpoint' (mapped as touchpoint). Its columns are: 'Name', 'Value'.");
		expect(() => parseMapping({ kind: 'responses', format: 'long', columns: { touchpoint: 'T' } })).not.toThrow();
		const noScore = validateImport('T,U\nx,y\n', parseMapping({ kind: 'responses', format: 'long', columns: { touchpoint: 'T' }, metric: 'nps' }), ctx).report;
		expect(noScore.problems[0]!.message).toMatch(/Map the score column/);
		expect(() => parseMapping({ kind: 'responses', columns: { scor: 'x' } })).toThrow(/columns: Unrecognized key/);
	});

	test('scores out of range, not whole, or not numbers are rejected with line, column and reason', () => {
		const text = 'Touchpoint,Score\nCheckout,11\nCheckout,7.5\nCheckout,abc\nCheckout,-1\nCheckout,10\nCheckout,8.0\n';
		const { report, records } = validateImport(text, { ...long, columns: { touchpoint: 'Touchpoint', score: 'Score' } }, ctx);
		expect(report.rejections.map((r) => r.reason)).toEqual([
			"line 2, column 'Score': 11 is outside 0–10 for NPS",
			"line 3, column 'Score': 7.5 is not a whole number",
			'line 4, column \'Score\': "abc" is not a score',
			"line 5, column 'Score': -1 is outside 0–10 for NPS"
		]);
		expect((records as ResponseRecord[]).map((r) => r.score)).toEqual([10, 8]);
		expect(report).toMatchObject({ rowsRead: 6, accepted: 2, rejected: 4, skipped: 0 });
	});

	test('metric and scale per row: CSAT 1–5 or 1–7, CES 1–7', () => {
		const text = 'tp,metric,score,scale\nCheckout,CSAT,5,5\nCheckout,csat,6,5\nCheckout,csat,7,7\nCheckout,CES,7,\nCheckout,ces,8,\nCheckout,csat,3,\nCheckout,effort,1,\nCheckout,xyz,1,\n';
		const mapping: ImportMapping = { kind: 'responses', format: 'long', columns: { touchpoint: 'tp', metric: 'metric', score: 'score', scale: 'scale' } };
		const { report, records } = validateImport(text, mapping, ctx);
		expect(report.rejections.map((r) => r.reason)).toEqual([
			"line 3, column 'score': 6 is outside 1–5 for CSAT",
			"line 6, column 'score': 8 is outside 1–7 for CES",
			"line 7, column 'scale': CSAT needs its scale: 5 (1–5) or 7 (1–7)",
			'line 9, column \'metric\': "xyz" is not a metric (nps, csat or ces)'
		]);
		expect((records as ResponseRecord[]).map((r) => `${r.metric}:${r.score}/${r.scale_max}`)).toEqual(['csat:5/5', 'csat:7/7', 'ces:7/7', 'ces:1/7']);
	});

	test('unknown touchpoints are rejected with a suggestion; overrides and ids resolve', () => {
		const text = 'Touchpoint,Score\nChekout,9\nonline-booking,8\nWarehouse,3\n00000000-0000-4000-8000-000000000002,5\nCheckout ,6\n';
		const mapping: ImportMapping = { ...long, columns: { touchpoint: 'Touchpoint', score: 'Score' } } as ImportMapping;
		const { report, records } = validateImport(text, mapping, ctx);
		expect(report.rejections.map((r) => r.reason)).toEqual([
			"line 2, column 'Touchpoint': 'Chekout' is not a touchpoint of this journey (did you mean 'Checkout'?)",
			"line 4, column 'Touchpoint': 'Warehouse' is not a touchpoint of this journey"
		]);
		expect(records.map((r) => r.touchpoint_id)).toEqual([TOUCHPOINTS[2]!.id, TOUCHPOINTS[1]!.id, TOUCHPOINTS[0]!.id]);
		const fixed = validateImport(text, { ...mapping, touchpoints: { Chekout: 'Checkout' } } as ImportMapping, ctx).report;
		expect(fixed.accepted).toBe(4);
		const analysis = analyseImport(text, mapping, ctx);
		expect(analysis.missingTouchpoints.map((m) => [m.value, m.suggestions.map((s) => s.name)])).toEqual([
			['Chekout', ['Checkout']],
			['Warehouse', []]
		]);
	});

	test('dates: ISO, day/month proven by the file, ambiguity reported, mixed orders conflict', () => {
		const proven = 'Touchpoint,Score,Date\nCheckout,9,25/12/2025\nCheckout,9,03/04/2026\nCheckout,9,2026-01-02T10:00:00+02:00\nCheckout,9,1767225600\nCheckout,9,31/02/2026\n';
		const mapping: ImportMapping = { ...long, columns: { touchpoint: 'Touchpoint', score: 'Score', date: 'Date' } } as ImportMapping;
		const analysis = analyseImport(proven, mapping, ctx);
		expect(analysis.dates.order).toBe('dmy');
		expect(analysis.problems).toEqual([]);
		const { report, records } = validateImport(proven, mapping, { ...ctx, dateOrder: analysis.dates.order });
		expect((records as ResponseRecord[]).map((r) => r.responded_at)).toEqual([
			'2025-12-25T00:00:00.000Z',
			'2026-04-03T00:00:00.000Z',
			'2026-01-02T08:00:00.000Z',
			'2026-01-01T00:00:00.000Z'
		]);
		expect(report.rejections[0]!.reason).toBe("line 6, column 'Date': day 31 does not exist in month 2 of 2026");

		const ambiguous = analyseImport('Touchpoint,Score,Date\nCheckout,9,03/04/2026\nCheckout,9,05/06/2026\n', mapping, ctx);
		expect(ambiguous.problems).toEqual([expect.objectContaining({ code: 'ambiguous-dates' })]);
		expect(ambiguous.problems[0]!.message).toMatch(/03\/04\/2026 could be day\/month or month\/day: choose dateOrder "dmy".* or "mdy"/);
		expect(analyseImport('Touchpoint,Score,Date\nCheckout,9,03/04/2026\n', { ...mapping, dateOrder: 'mdy' }, ctx).problems).toEqual([]);

		const mixed = analyseImport('Touchpoint,Score,Date\nCheckout,9,25/01/2026\nCheckout,9,01/25/2026\n', mapping, ctx);
		expect(mixed.dates.conflicting).toBe(true);
		expect(mixed.problems[0]!.message).toMatch(/mixes day-first dates .* and month-first dates/);
		const chosen = validateImport('Touchpoint,Score,Date\nCheckout,9,25/01/2026\nCheckout,9,01/25/2026\n', { ...mapping, dateOrder: 'dmy' } as ImportMapping, ctx).report;
		expect(chosen.rejections[0]!.reason).toBe("line 3, column 'Date': month 25 does not exist");
	});

	test('wide format: one column per touchpoint, N/A values skipped, shared columns, bad cells rejected alone', () => {
		const text = 'id,wifi,booking,checkout,segment,when\n1,4,0,5,web,2026-01-01\n2,0,0,0,app,2026-01-02\n3,6,2,,Business,2026-01-03\n4,3,3,3,web,not a date\n';
		const mapping = parseMapping({
			kind: 'responses',
			format: 'wide',
			metric: 'csat',
			scale: 5,
			notApplicable: ['0', ''],
			touchpointColumns: { wifi: 'Inflight wifi', booking: 'Online booking', checkout: 'Checkout' },
			columns: { channel: 'segment', date: 'when' }
		});
		const context = { touchpoints: [...TOUCHPOINTS, tp(4, 'Inflight wifi')] };
		const { report, records } = validateImport(text, mapping, context);
		expect(report).toMatchObject({ rowsRead: 4, accepted: 3, rejected: 2, skipped: 5 });
		expect(report.rejections.map((r) => r.reason)).toEqual([
			"line 4, column 'wifi': 6 is outside 1–5 for CSAT",
			'line 5, column \'when\': "not a date" is not a date (use 2026-03-04, 04/03/2026 or epoch seconds) (the row\'s 3 answers are not imported)'
		]);
		expect((records as ResponseRecord[]).map((r) => [r.touchpoint_id.slice(-1), r.score, r.channel])).toEqual([
			['4', 4, 'web'],
			['1', 5, 'web'],
			['3', 2, null]
		]);
		expect(report.warnings).toEqual(["column 'segment': not a channel (web, app, email, phone, store, chat, social, other): 1 value (e.g. 'Business') left empty"]);
		const analysis = analyseImport(text, mapping, { touchpoints: TOUCHPOINTS });
		expect(analysis.missingTouchpoints.map((m) => [m.column, m.createAs])).toEqual([['wifi', 'Inflight wifi']]);
		expect(formatReport(report)).toContain('rows read: 4; accepted: 3 responses; rejected: 2; skipped as not applicable: 5 (delimiter: comma)');
	});

	test('comment length and personas follow the database rules', () => {
		const text = `Touchpoint,Score,Comment,Persona\nCheckout,9,${'y'.repeat(5001)},\nCheckout,9,ok,frequent flyer\nCheckout,9,ok,Nobody\n`;
		const mapping: ImportMapping = { ...long, columns: { touchpoint: 'Touchpoint', score: 'Score', comment: 'Comment', persona: 'Persona' } } as ImportMapping;
		const { report, records } = validateImport(text, mapping, { ...ctx, personas: [tp(9, 'Frequent Flyer')] });
		expect(report.rejections[0]!.reason).toBe("line 2, column 'Comment': the comment is longer than 5,000 characters (5,001)");
		expect((records as ResponseRecord[]).map((r) => r.persona_id)).toEqual([tp(9, '').id, null]);
		expect(report.warnings[0]).toMatch(/not a persona of this workspace: 1 value \(e.g. 'Nobody'\)/);
	});
});

describe('feedback and cases', () => {
	test('feedback: sources by synonym, rating to sentiment, empty text rejected', () => {
		const text = 'body,from,stars,tp\n"Late, again",Twitter,1,Delivery\nLovely,e-mail,5,\n,chat,3,\nMeh,pigeon,3,\n';
		const { report, records } = validateImport(text, { kind: 'feedback', columns: { text: 'body', source: 'from', rating: 'stars', touchpoint: 'tp' } }, ctx);
		expect(records).toEqual([
			expect.objectContaining({ body: 'Late, again', source: 'social', sentiment: 'negative', sentiment_score: -1, touchpoint_id: TOUCHPOINTS[1]!.id }),
			expect.objectContaining({ body: 'Lovely', source: 'email', sentiment: 'positive', sentiment_score: 1, touchpoint_id: null })
		]);
		expect(report.rejections.map((r) => r.reason)).toEqual([
			"line 4, column 'body': the text is empty",
			'line 5, column \'from\': "pigeon" is not a feedback source (email, call, chat, review, social or survey)'
		]);
	});

	test('cases: first response or resolution before opening is rejected; durations are accepted', () => {
		const text = 'opened,first,resolved,frt_min,tp\n2026-01-01 10:00,2026-01-01 10:05,,,Checkout\n2026-01-01 10:00,2026-01-01 09:00,,,Checkout\n2026-01-01 10:00,,2025-12-31,,Checkout\n2026-01-01 10:00,,,30,Checkout\n,,,,Checkout\n';
		const mapping = parseMapping({ kind: 'cases', columns: { opened: 'opened', firstResponse: 'first', resolved: 'resolved', firstResponseMinutes: 'frt_min', touchpoint: 'tp' } });
		const { report, records } = validateImport(text, mapping, ctx);
		expect(report.rejections.map((r) => r.reason)).toEqual([
			"line 3, column 'first': the first response (2026-01-01T09:00:00.000Z) is before the case was opened (2026-01-01T10:00:00.000Z)",
			"line 4, column 'resolved': the resolution (2025-12-31T00:00:00.000Z) is before the case was opened (2026-01-01T10:00:00.000Z)",
			"line 6, column 'opened': the date is empty"
		]);
		expect(records.map((r) => (r as { first_response_at: string | null }).first_response_at)).toEqual(['2026-01-01T10:05:00.000Z', '2026-01-01T10:30:00.000Z']);
	});
});

describe('fuzzy matching', () => {
	test('normalisation and Dice coefficient', () => {
		expect(normaliseName('  Check-in  (Wéb) ')).toBe('check in web');
		expect(dice('Checkout', 'checkout')).toBe(1);
		expect(dice('Check-out', 'Checkout')).toBe(1);
		expect(dice('night', 'nacht')).toBe(0.25);
		expect(dice('abc', 'xyz')).toBe(0);
		expect(dice('', '')).toBe(0);
	});
	test('suggestions above the threshold, best first', () => {
		const names = [tp(1, 'Baggage drop'), tp(2, 'Baggage claim'), tp(3, 'Boarding')];
		expect(suggest('bagage claim', names).map((s) => s.name)).toEqual(['Baggage claim', 'Baggage drop']);
		expect(suggest('wifi', names)).toEqual([]);
	});
});

describe('dates', () => {
	test.each([
		['2026-03-04', '2026-03-04T00:00:00.000Z'],
		['2026/3/4', '2026-03-04T00:00:00.000Z'],
		['2026-03-04T10:30:15.250Z', '2026-03-04T10:30:15.250Z'],
		['2026-03-04 10:30-0130', '2026-03-04T12:00:00.000Z'],
		['24-02-2015 11.35', '2015-02-24T11:35:00.000Z'],
		['1772582400', '2026-03-04T00:00:00.000Z'],
		['1772582400000', '2026-03-04T00:00:00.000Z']
	])('%s', (value, iso) => {
		expect(parseDate(value, null)).toEqual({ ok: true, iso });
	});
	test('ambiguity needs an order; impossible dates and junk are refused', () => {
		expect(parseDate('03/04/2026', null)).toMatchObject({ ok: false, reason: expect.stringMatching(/could be day\/month or month\/day/) });
		expect(parseDate('03/04/2026', 'mdy')).toEqual({ ok: true, iso: '2026-03-04T00:00:00.000Z' });
		expect(parseDate('2026-02-29', null)).toMatchObject({ ok: false });
		expect(parseDate('yesterday', null)).toMatchObject({ ok: false });
		expect(detectDateOrder(['12/31/2026', '01/02/2026'])).toMatchObject({ order: 'mdy', ambiguous: false });
		expect(detectDateOrder(['01/02/2026'])).toMatchObject({ order: null, ambiguous: true });
	});
});

describe('ingest items and the rate limiter', () => {
	test('response and feedback items', () => {
		expect(checkResponseItem({ touchpoint: 'x', metric: 'nps', score: 3 })).toEqual({ ok: false, reason: 'a touchpoint given by name needs journey_id' });
		expect(checkResponseItem({ touchpoint_id: TOUCHPOINTS[0]!.id, metric: 'csat', score: 3 })).toEqual({ ok: false, reason: 'scale_max: CSAT needs its scale: 5 (1–5) or 7 (1–7)' });
		expect(checkResponseItem({ touchpoint_id: TOUCHPOINTS[0]!.id, metric: 'csat', score: 3, scale_max: 5, channel: 'Website' })).toMatchObject({ ok: true, item: { score: 3, scaleMax: 5, channel: 'web' } });
		expect(checkFeedbackItem({ journey_id: TOUCHPOINTS[0]!.id, text: 'hi', source: 'fax' })).toMatchObject({ ok: false });
	});
	test('token bucket: burst, then one per refill interval, Retry-After in seconds', () => {
		let now = 0;
		const limiter = new RateLimiter({ capacity: 3, perMinute: 6, now: () => now });
		expect([1, 2, 3, 4].map(() => limiter.take('k').allowed)).toEqual([true, true, true, false]);
		expect(limiter.take('k')).toEqual({ allowed: false, retryAfterSeconds: 10 });
		expect(limiter.take('other').allowed).toBe(true);
		now += 10_000;
		expect(limiter.take('k').allowed).toBe(true);
		expect(limiter.take('k').allowed).toBe(false);
	});
});
