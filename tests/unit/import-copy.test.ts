import { describe, expect, test } from 'vitest';
import { fillSentiment } from '#lib/domain/feedback/sentiment.js';
import type { FeedbackRecord, ResponseRecord } from '#lib/domain/import/index.js';
import { copyBinaryWriter, touchpointOrder, uuidBytes } from '#lib/server/data/import-copy-binary.js';
import { copyLineWriter, copyValue } from '#lib/server/data/import-copy-lines.js';
import { COPY_COLUMNS } from '#lib/server/data/import-copy.js';

const WS = '0b9f0a3e-6a51-4c59-9d37-2f0c1d5e8a01';
const BATCH = 'f2d0c6a4-1b7e-4e3a-8c55-9a1b2c3d4e5f';
const TP = '7c1e2d3f-4a5b-4c6d-8e9f-a0b1c2d3e4f5';
const PG_EPOCH_MICROS = 946_684_800_000_000n;

/** Fields of COPY BINARY rows (without header and trailer): null, or the raw bytes. */
function decodeRows(bytes: Uint8Array): (Uint8Array | null)[][] {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const rows: (Uint8Array | null)[][] = [];
	let at = 0;
	while (at < bytes.length) {
		const count = view.getInt16(at);
		at += 2;
		const fields: (Uint8Array | null)[] = [];
		for (let i = 0; i < count; i++) {
			const n = view.getInt32(at);
			at += 4;
			if (n < 0) fields.push(null);
			else {
				fields.push(bytes.subarray(at, at + n));
				at += n;
			}
		}
		rows.push(fields);
	}
	return rows;
}
type Field = Uint8Array | null | undefined;
const bytes = (b: Field) => (b == null ? null : [...b]);
const text = (b: Field) => (b == null ? null : new TextDecoder().decode(b));
const int16 = (b: Field) => new DataView(b!.buffer, b!.byteOffset).getInt16(0);
const int64 = (b: Field) => new DataView(b!.buffer, b!.byteOffset).getBigInt64(0);
const float32 = (b: Field) => new DataView(b!.buffer, b!.byteOffset).getFloat32(0);

const response = (over: Partial<ResponseRecord> = {}): ResponseRecord => ({
	touchpoint_id: TP,
	metric: 'nps',
	score: 9,
	scale_max: 10,
	comment: null,
	persona_id: null,
	channel: null,
	responded_at: '2026-03-04T10:30:15.250Z',
	...over
});

describe('COPY BINARY rows of responses', () => {
	const nowMicros = '1796160000123456'; // 2026-12-01T21:20:00.123456Z
	const write = () => copyBinaryWriter({ workspaceId: WS, batchId: BATCH, nowMicros });

	test('every column of COPY_COLUMNS.responses, in order, with the batch constants first', () => {
		const comment = 'Awful wait, "really" — très long\tand\nmore';
		const [row] = decodeRows(write()([response({ comment, persona_id: BATCH, channel: 'web' })]));
		expect(row).toHaveLength(COPY_COLUMNS.responses.length);
		const by = Object.fromEntries(COPY_COLUMNS.responses.map((c, i) => [c, row![i]!]));
		expect(bytes(by.workspace_id)).toEqual([...uuidBytes(WS)]);
		expect(bytes(by.import_batch_id)).toEqual([...uuidBytes(BATCH)]);
		expect(text(by.source)).toBe('import');
		expect(bytes(by.touchpoint_id)).toEqual([...uuidBytes(TP)]);
		expect(uuidBytes(TP)[0]).toBe(0x7c);
		expect(text(by.metric)).toBe('nps');
		expect([int16(by.score), int16(by.scale_max)]).toEqual([9, 10]);
		expect(text(by.comment)).toBe(comment);
		expect(bytes(by.persona_id)).toEqual([...uuidBytes(BATCH)]);
		expect(text(by.channel)).toBe('web');
		expect(int64(by.responded_at)).toBe(BigInt(Date.parse('2026-03-04T10:30:15.250Z')) * 1000n - PG_EPOCH_MICROS);
		const expected = fillSentiment({}, comment);
		expect(text(by.sentiment)).toBe(expected.sentiment);
		expect(float32(by.sentiment_score)).toBe(Math.fround(expected.sentiment_score!));
	});

	test('nulls stay null, a missing date is the transaction’s now() to the microsecond', () => {
		const [row] = decodeRows(write()([response({ responded_at: null })]));
		const by = Object.fromEntries(COPY_COLUMNS.responses.map((c, i) => [c, row![i]!]));
		for (const c of ['comment', 'persona_id', 'channel', 'sentiment', 'sentiment_score']) expect(by[c]).toBeNull();
		expect(int64(by.responded_at)).toBe(BigInt(nowMicros) - PG_EPOCH_MICROS);
	});

	test('a batch larger than the first guess of its size grows its buffer', () => {
		const long = 'x'.repeat(50_000);
		const rows = decodeRows(write()([response({ comment: long }), response(), response({ comment: long + 'y' })]));
		expect(rows.map((r) => text(r[7]!)?.length ?? null)).toEqual([50_000, null, 50_001]);
	});

	test('refuses what is not a uuid', () => {
		expect(() => write()([response({ touchpoint_id: 'Search' })])).toThrow(/not a uuid/);
	});
});

describe('COPY text lines', () => {
	test('escapes backslash, tab, newline and CR; \\N for null', () => {
		expect(copyValue('a\\b\tc\nd\re')).toBe('a\\\\b\\tc\\nd\\re');
		expect(copyValue(null)).toBe('\\N');
		expect(copyValue(0)).toBe('0');
	});

	test('feedback: batch constants first, sentiment kept or computed, a missing date is now()', () => {
		const lines = copyLineWriter({ kind: 'feedback', workspaceId: WS, journeyId: TP, batchId: BATCH, now: '2026-12-01T00:00:00.123456+00:00' });
		const fb = (over: Partial<FeedbackRecord>): FeedbackRecord => ({
			touchpoint_id: null,
			source: 'email',
			body: 'Lost my bag, awful',
			sentiment: null,
			sentiment_score: null,
			theme: null,
			persona_id: null,
			created_at: null,
			...over
		});
		const out = lines([fb({}), fb({ sentiment: 'positive', sentiment_score: 1, created_at: '2026-03-02T00:00:00.000Z' })]).split('\n');
		const computed = fillSentiment({}, 'Lost my bag, awful');
		expect(out[0]!.split('\t')).toEqual([WS, BATCH, TP, '\\N', 'email', 'Lost my bag, awful', computed.sentiment, String(computed.sentiment_score), '\\N', '\\N', '2026-12-01T00:00:00.123456+00:00']);
		expect(out[1]!.split('\t').slice(6)).toEqual(['positive', '1', '\\N', '\\N', '2026-03-02T00:00:00.000Z']);
		expect(out[0]!.split('\t')).toHaveLength(COPY_COLUMNS.feedback.length);
		expect(out[2]).toBe('');
	});
});

describe('touchpointOrder', () => {
	test('groups a batch by touchpoint (uuid order), file order within each', () => {
		const [a, b] = ['bbbbbbbb-0000-4000-8000-000000000000', 'aaaaaaaa-0000-4000-8000-000000000000'];
		const records = [a, b, a, a, b].map((touchpoint_id) => response({ touchpoint_id }));
		expect(touchpointOrder(records)).toEqual([1, 4, 0, 2, 3]);
	});

	test('rows come out grouped, each with its own sentiment', () => {
		const [a, b] = ['bbbbbbbb-0000-4000-8000-000000000000', 'aaaaaaaa-0000-4000-8000-000000000000'];
		const rows = decodeRows(
			copyBinaryWriter({ workspaceId: WS, batchId: BATCH, nowMicros: '0' })([
				response({ touchpoint_id: a, comment: 'awful' }),
				response({ touchpoint_id: b, comment: 'lovely' }),
				response({ touchpoint_id: a, comment: 'lovely' })
			])
		);
		expect(rows.map((r) => [text(r[7]!), text(r[11]!)])).toEqual([
			['lovely', 'positive'],
			['awful', 'negative'],
			['lovely', 'positive']
		]);
	});
});
