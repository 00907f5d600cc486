/**
 * Survey responses as COPY BINARY rows for import-copy.ts, in the column order of
 * COPY_COLUMNS.responses. Binary, not text, because Postgres is the slower side of a bulk import:
 * reading 1M rows of text (uuid_in, timestamptz_in, int2in…) costs it ~0.8 s of the COPY, while
 * writing the bytes here costs about what building the text did. Values equal what the text
 * format would give: uuids and int2 exactly; timestamps to the microsecond (records carry
 * millisecond ISO text, `now` comes in microseconds from the server); sentiment scores are
 * multiples of 0.001, each of which rounds to the same float4 from a double as from its decimal
 * text (checked for all 2,001 of them). Sentiment is filled in as in import-copy-lines.ts.
 *
 * Format (PostgreSQL docs, "COPY", binary format): a header, then per row an int16 field count
 * and per field an int32 byte length (-1 = null) and the bytes, big-endian; an int16 -1 ends it.
 * The header and that end are import-copy.ts's.
 */
import { fillSentiment, type SentimentFields } from '#lib/domain/feedback/sentiment.js';
import type { ResponseRecord } from '#lib/domain/import/index.js';

const FIELDS = 13;
/** Milliseconds from the Unix epoch to Postgres's, 2000-01-01 UTC. */
const PG_EPOCH_MS = 946_684_800_000;
const TWO_32 = 4_294_967_296;

/** The 16 bytes of a uuid in its canonical text form; throws on anything else. */
export function uuidBytes(id: string): Uint8Array {
	const hex = id.replace(/-/g, '');
	if (!/^[0-9a-f]{32}$/i.test(hex)) throw new Error(`not a uuid: ${id}`);
	return Uint8Array.from(hex.match(/../g)!.map((h) => Number.parseInt(h, 16)));
}

export interface CopyBinaryContext {
	workspaceId: string;
	batchId: string;
	/** The transaction's now() in microseconds since the Unix epoch (decimal text, exact). */
	nowMicros: string;
}

/**
 * The indexes of a batch's records grouped by touchpoint (touchpoints in uuid order, records in
 * file order within each). Postgres then inserts a touchpoint's rows into the (touchpoint, time)
 * index one after the other instead of all over it: with 50,000-record batches the COPY of 1M
 * rows takes ~1.2 s less (5.2-5.4 s -> 3.9-4.2 s on the test machine). Row ids follow this order,
 * not the file's; nothing reads them in file order (neither does the staged path guarantee it).
 */
export function touchpointOrder(records: ResponseRecord[]): number[] {
	const groups = new Map<string, number[]>();
	for (let i = 0; i < records.length; i++) {
		const id = records[i]!.touchpoint_id;
		const group = groups.get(id);
		if (group) group.push(i);
		else groups.set(id, [i]);
	}
	const order: number[] = [];
	for (const id of [...groups.keys()].sort()) for (const i of groups.get(id)!) order.push(i);
	return order;
}

/** A function turning a batch of response records into COPY BINARY rows (no header or trailer), grouped by touchpoint. */
export function copyBinaryWriter(context: CopyBinaryContext): (records: ResponseRecord[]) => Uint8Array {
	// The three constant fields and the field count, once.
	const head = new Uint8Array(2 + (4 + 16) * 2 + 4 + 6);
	{
		const view = new DataView(head.buffer);
		view.setInt16(0, FIELDS);
		view.setInt32(2, 16);
		head.set(uuidBytes(context.workspaceId), 6);
		view.setInt32(22, 16);
		head.set(uuidBytes(context.batchId), 26);
		view.setInt32(42, 6);
		head.set(new TextEncoder().encode('import'), 46);
	}
	const nowMicros = Number(context.nowMicros) - PG_EPOCH_MS * 1000;
	const uuids = new Map<string, Uint8Array>();
	const uuidOf = (id: string) => {
		let bytes = uuids.get(id);
		if (!bytes) uuids.set(id, (bytes = uuidBytes(id)));
		return bytes;
	};
	let lastDate: string | null = null;
	let lastMicros = 0;
	const microsOf = (iso: string | null) => {
		if (iso === null) return nowMicros;
		if (iso !== lastDate) {
			const ms = Date.parse(iso);
			if (Number.isNaN(ms)) throw new Error(`not a timestamp: ${iso}`);
			lastDate = iso;
			lastMicros = (ms - PG_EPOCH_MS) * 1000;
		}
		return lastMicros;
	};
	let lastText: string | null = null;
	let last: SentimentFields = { sentiment: null, sentiment_score: null };
	const sentimentOf = (record: ResponseRecord): SentimentFields => {
		const given = record as Partial<SentimentFields>;
		if (given.sentiment != null || given.sentiment_score != null) return fillSentiment(given, record.comment);
		if (record.comment !== lastText) {
			lastText = record.comment;
			last = fillSentiment({}, record.comment);
		}
		return last;
	};

	return (records) => {
		let buf = Buffer.allocUnsafeSlow(records.length * 160 + 4096);
		let at = 0;
		const room = (bytes: number) => {
			if (at + bytes <= buf.length) return;
			const bigger = Buffer.allocUnsafeSlow(Math.max(buf.length * 2, at + bytes));
			buf.copy(bigger, 0, 0, at);
			buf = bigger;
		};
		const nul = () => {
			buf.writeInt32BE(-1, at);
			at += 4;
		};
		const uuid = (id: string | null) => {
			if (id === null) return nul();
			buf.writeInt32BE(16, at);
			buf.set(uuidOf(id), at + 4);
			at += 20;
		};
		const text = (s: string | null) => {
			if (s === null) return nul();
			room(4 + s.length * 3);
			const n = buf.write(s, at + 4, 'utf8');
			buf.writeInt32BE(n, at);
			at += 4 + n;
		};
		const int2 = (n: number) => {
			buf.writeInt32BE(2, at);
			buf.writeInt16BE(n, at + 4);
			at += 6;
		};
		// Sentiment in the file's order (a wide file's respondent repeats one comment), rows by touchpoint.
		const sentiments = records.map(sentimentOf);
		for (const i of touchpointOrder(records)) {
			const r = records[i]!;
			// Fixed part: head, 3 uuids, 2 int2, timestamp, float4, and the texts' length words.
			room(head.length + 3 * 20 + 2 * 6 + 12 + 8 + 4 * 4 + 64);
			buf.set(head, at);
			at += head.length;
			uuid(r.touchpoint_id);
			text(r.metric);
			int2(r.score);
			int2(r.scale_max);
			text(r.comment);
			uuid(r.persona_id);
			text(r.channel);
			const micros = microsOf(r.responded_at);
			const high = Math.floor(micros / TWO_32);
			buf.writeInt32BE(8, at);
			buf.writeInt32BE(high, at + 4);
			buf.writeUInt32BE(micros - high * TWO_32, at + 8);
			at += 12;
			const s = sentiments[i]!;
			room(64);
			text(s.sentiment);
			if (s.sentiment_score === null) nul();
			else {
				buf.writeInt32BE(4, at);
				buf.writeFloatBE(s.sentiment_score, at + 4);
				at += 8;
			}
		}
		return buf.subarray(0, at);
	};
}
