/**
 * Accepted import records as COPY text for import-copy.ts: one line per record, the batch's
 * constant columns first (workspace, batch, and 'import' or the journey), then the record's, in
 * the order of COPY_COLUMNS. Written straight from the record, without intermediate objects: at
 * 1M rows every allocation per row shows. Sentiment is filled in as withSentiment does
 * (imports.ts): what the file brought is kept, otherwise computed from the text, and a text
 * repeated on consecutive records (a wide file's respondent) is scored once.
 */
import { fillSentiment, type SentimentFields } from '#lib/domain/feedback/sentiment.js';
import type { CaseRecord, FeedbackRecord, ImportKind, ImportRecord, ResponseRecord } from '#lib/domain/import/index.js';

const NEEDS_ESCAPE = /[\\\t\n\r]/;

/** One value in COPY's text format: \N for null; backslash, tab, newline and CR escaped. */
export function copyValue(value: string | number | null | undefined): string {
	if (value === null || value === undefined) return '\\N';
	const s = typeof value === 'string' ? value : String(value);
	return NEEDS_ESCAPE.test(s) ? s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : s;
}

export interface CopyLineContext {
	kind: ImportKind;
	workspaceId: string;
	journeyId: string;
	batchId: string;
	/** The transaction's now(): the date of a record without one (as commit_import does). */
	now: string;
}

/** A function turning a batch of records into COPY text. Keeps the last scored text between batches. */
export function copyLineWriter(context: CopyLineContext): (records: ImportRecord[]) => string {
	let lastText: string | null = null;
	let last: SentimentFields = { sentiment: null, sentiment_score: null };
	const sentimentOf = (given: Partial<SentimentFields>, text: string | null): SentimentFields => {
		if (given.sentiment != null || given.sentiment_score != null) return fillSentiment(given, text);
		if (text !== lastText) {
			lastText = text;
			last = fillSentiment({}, text);
		}
		return last;
	};
	const v = copyValue;

	if (context.kind === 'responses') {
		const prefix = `${context.workspaceId}\t${context.batchId}\timport\t`;
		const now = context.now;
		return (records) => {
			let out = '';
			for (const record of records as ResponseRecord[]) {
				const s = sentimentOf(record as Partial<SentimentFields>, record.comment);
				out +=
					prefix + record.touchpoint_id + '\t' + record.metric + '\t' + record.score + '\t' + record.scale_max + '\t' + v(record.comment) + '\t' +
					v(record.persona_id) + '\t' + v(record.channel) + '\t' + (record.responded_at ?? now) + '\t' + v(s.sentiment) + '\t' + v(s.sentiment_score) + '\n';
			}
			return out;
		};
	}
	if (context.kind === 'feedback') {
		const prefix = `${context.workspaceId}\t${context.batchId}\t${context.journeyId}\t`;
		const now = context.now;
		return (records) => {
			let out = '';
			for (const record of records as FeedbackRecord[]) {
				const s = sentimentOf(record, record.body);
				out +=
					prefix + v(record.touchpoint_id) + '\t' + record.source + '\t' + v(record.body) + '\t' + v(s.sentiment) + '\t' + v(s.sentiment_score) + '\t' +
					v(record.theme) + '\t' + v(record.persona_id) + '\t' + (record.created_at ?? now) + '\n';
			}
			return out;
		};
	}
	const prefix = `${context.workspaceId}\t${context.batchId}\t`;
	return (records) => {
		let out = '';
		for (const record of records as CaseRecord[]) {
			out +=
				prefix + record.touchpoint_id + '\t' + v(record.channel) + '\t' + v(record.category) + '\t' + record.opened_at + '\t' + v(record.first_response_at) + '\t' +
				v(record.resolved_at) + '\n';
		}
		return out;
	};
}
