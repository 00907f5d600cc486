import { describe, expect, test } from 'vitest';
import { checkMapping, validateImport, type ImportRecord } from '#lib/domain/import/index.js';
import { buildMapping, plainProblem, recordsOf, chunkRecords, decodeText, guessColumns, guessWideColumns, parseNotApplicable, rejectionsCsv, sniffFile, type MappingChoices } from '#lib/domain/import/wizard.js';

const TP = '2b0c1f57-8a4e-4d1b-9b6e-3f1c2d4e5a60';
const choices = (over: Partial<MappingChoices>): MappingChoices => ({
	kind: 'responses',
	format: 'long',
	columns: {},
	wideColumns: [],
	metric: '',
	scale: null,
	notApplicable: '',
	dateOrder: '',
	touchpoints: {},
	source: '',
	delimiter: 'auto',
	...over
});

describe('files the page cannot read as CSV', () => {
	const bytes = (...b: number[]) => new Uint8Array(b);
	test('an .xlsx workbook (a ZIP) is refused with how to save it as CSV', () => {
		expect(sniffFile(bytes(0x50, 0x4b, 0x03, 0x04, 0), 'answers.csv')).toMatch(/Save As → “CSV UTF-8/);
		expect(sniffFile(bytes(0x61), 'answers.xlsx')).toMatch(/spreadsheet workbook/);
		expect(sniffFile(bytes(0xd0, 0xcf, 0x11, 0xe0), 'old.xls')).toMatch(/old Excel workbook/);
		expect(sniffFile(bytes(0x89, 0x50, 0x4e, 0x47, 0, 0), 'photo.png')).toMatch(/not a text file/);
		expect(sniffFile(new TextEncoder().encode('a,b\n1,2\n'), 'ok.csv')).toBeNull();
	});
	test('UTF-8, UTF-16 with BOM and Windows-1252 decode to the same text', () => {
		expect(decodeText(new TextEncoder().encode('café'))).toEqual({ text: 'café', encoding: 'utf-8' });
		expect(decodeText(bytes(0x63, 0x61, 0x66, 0xe9))).toEqual({ text: 'café', encoding: 'windows-1252' });
		expect(decodeText(bytes(0xff, 0xfe, 0x63, 0, 0xe9, 0))).toEqual({ text: 'cé', encoding: 'utf-16le' });
	});
});

describe('mapping from the page', () => {
	test('columns are guessed from the headers, exact names first, each header used once', () => {
		expect(guessColumns('responses', ['Touchpoint', 'NPS score', 'Comment', 'Submitted at', 'Segment'])).toEqual({
			touchpoint: 'Touchpoint',
			score: 'NPS score',
			comment: 'Comment',
			date: 'Submitted at',
			persona: 'Segment'
		});
		expect(guessColumns('cases', ['ticket', 'step', 'created_at', 'closed_at', 'channel'])).toEqual({ touchpoint: 'step', opened: 'created_at', resolved: 'closed_at', channel: 'channel' });
		expect(guessColumns('feedback', ['text', 'source'])).toEqual({ text: 'text', source: 'source' });
	});
	test('wide files: rating-like columns are proposed, the others not', () => {
		const headers = ['id', 'comment', 'wifi', 'checkin', 'date'];
		const rows = [['a17', 'ok', '4', '5', '2026-01-02'], ['a18', 'meh', '', '2', '2026-01-03']];
		expect(guessWideColumns(headers, rows, ['comment', 'date'])).toEqual(['wifi', 'checkin']);
	});
	test('"not applicable" values: comma or semicolon separated, the empty cell always included', () => {
		expect(parseNotApplicable('0, N/A; none')).toEqual(['', '0', 'N/A', 'none']);
		expect(parseNotApplicable('')).toEqual(['']);
	});
	test('the built mapping is valid for the importer and does what was chosen', () => {
		const long = buildMapping(choices({ columns: { touchpoint: 'tp', score: 's' }, metric: 'csat', scale: 5, notApplicable: '0', touchpoints: { Chekout: 'x' }, dateOrder: 'dmy' }));
		expect(long).toEqual({ kind: 'responses', format: 'long', columns: { touchpoint: 'tp', score: 's' }, metric: 'csat', scale: 5, notApplicable: ['', '0'], dateOrder: 'dmy', touchpoints: { Chekout: 'x' } });
		expect(checkMapping(long, ['tp', 's'])).toEqual([]);
		const wide = buildMapping(choices({ format: 'wide', columns: { comment: 'c', touchpoint: 'ignored in wide' }, wideColumns: ['wifi'], metric: 'ces', notApplicable: '0' }));
		expect(wide).toMatchObject({ format: 'wide', columns: { comment: 'c' }, touchpointColumns: { wifi: 'wifi' }, metric: 'ces' });
		const csv = 'c,wifi\nfine,0\nbad,2\n';
		const { report } = validateImport(csv, { ...wide, touchpoints: { wifi: TP } }, { touchpoints: [{ id: TP, name: 'Wi-Fi' }] });
		expect({ accepted: report.accepted, skipped: report.skipped }).toEqual({ accepted: 1, skipped: 1 });
		expect(buildMapping(choices({ kind: 'feedback', columns: { text: 'body', score: 'x' }, source: 'email' }))).toEqual({ kind: 'feedback', columns: { text: 'body' }, source: 'email' });
		expect(buildMapping(choices({ kind: 'cases', columns: { opened: 'o', touchpoint: 't' }, delimiter: ';' }))).toEqual({ kind: 'cases', columns: { touchpoint: 't', opened: 'o' }, delimiter: ';' });
	});
});

test('file problems lose the mapping.json names the page does not show', () => {
	const mapping = buildMapping(choices({ columns: { score: 's' } }));
	expect(checkMapping(mapping, ['s']).map((p) => plainProblem(p.message))).toEqual([
		'Map the touchpoint column or give one touchpoint for the file.',
		'Map the metric column or give the metric of the file.'
	]);
	expect(plainProblem("The file has no column 'x' (mapped as score).")).toBe("The file has no column 'x' (mapped as score).");
});

test('counts are named in the singular and plural', () => {
	expect([recordsOf('responses', 1), recordsOf('feedback', 2), recordsOf('cases', 1), recordsOf('cases', 1200)]).toEqual(['1 response', '2 feedback items', '1 case', '1,200 cases']);
});

describe('report download and chunks', () => {
	test('rejected rows as CSV: quoted where needed, formulas defused', () => {
		const csv = rejectionsCsv({ rejections: [{ line: 4, column: 'score', reason: '11 is outside 0–10 for NPS' }, { line: 9, reason: '=HYPERLINK("x"), "quoted"' }] });
		expect(csv).toBe('line,column,reason\r\n4,score,11 is outside 0–10 for NPS\r\n9,,"\'=HYPERLINK(""x""), ""quoted"""\r\n');
	});
	test('chunks keep every record in order and stay under the byte and row limits', () => {
		const records = Array.from({ length: 1000 }, (_, i) => ({ touchpoint_id: 't', metric: 'nps', score: i % 11, scale_max: 10, comment: 'é'.repeat(i % 50), persona_id: null, channel: null, responded_at: null })) as ImportRecord[];
		const chunks = chunkRecords(records, 20_000, 300);
		expect(chunks.flat()).toEqual(records);
		for (const c of chunks) {
			expect(c.length).toBeLessThanOrEqual(300);
			expect(new TextEncoder().encode(JSON.stringify(c)).length).toBeLessThanOrEqual(20_000);
		}
		expect(chunkRecords([])).toEqual([]);
	});
});
