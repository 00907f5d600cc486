/**
 * Types of the file importer (issue 5): how a CSV file maps onto survey responses, feedback or
 * service cases, and the report a validation produces. Pure data: the same objects travel from
 * a browser Web Worker to the server and are written by hand in the CLI's mapping.json
 * (docs/import.md describes every field).
 */

export type ImportKind = 'responses' | 'feedback' | 'cases';
export const IMPORT_KINDS: readonly ImportKind[] = ['responses', 'feedback', 'cases'];

export type Metric = 'nps' | 'csat' | 'ces';
export const METRICS: readonly Metric[] = ['nps', 'csat', 'ces'];

export type Delimiter = ',' | ';' | '\t' | '|';
export const DELIMITERS: readonly Delimiter[] = [',', ';', '\t', '|'];

/** Order of day and month in dates like 03/04/2026 (never guessed when both readings are valid). */
export type DateOrder = 'dmy' | 'mdy';

/** Columns of a long-format response file: one response per row. Values are header names. */
export interface ResponseColumns {
	touchpoint?: string;
	metric?: string;
	score?: string;
	scale?: string;
	comment?: string;
	date?: string;
	persona?: string;
	channel?: string;
}

export interface FeedbackColumns {
	touchpoint?: string;
	text?: string;
	source?: string;
	date?: string;
	persona?: string;
	theme?: string;
	/** A rating given with the comment (e.g. stars); turned into sentiment, see `ratingScale`. */
	rating?: string;
	sentiment?: string;
}

export interface CaseColumns {
	touchpoint?: string;
	opened?: string;
	firstResponse?: string;
	resolved?: string;
	/** Alternatives to firstResponse / resolved: durations after `opened`. */
	firstResponseMinutes?: string;
	resolutionHours?: string;
	channel?: string;
	category?: string;
}

interface MappingBase {
	/** ',' ';' '\t' '|' or 'auto' (default): detected from the first lines. */
	delimiter?: Delimiter | 'auto';
	/** Required when dates like 03/04/2026 appear and the file does not settle it. */
	dateOrder?: DateOrder;
	/**
	 * Touchpoint for every row when the file has no touchpoint column (a name or an id), or the
	 * touchpoint given explicitly for a file value: { "Chekout": "Checkout" }.
	 */
	touchpoint?: string;
	touchpoints?: Record<string, string>;
	/** Create touchpoints that are not in the journey (instead of rejecting their rows). */
	createMissingTouchpoints?: boolean;
}

export interface LongResponseMapping extends MappingBase {
	kind: 'responses';
	format: 'long';
	columns: ResponseColumns;
	/** Metric of every row when the file has no metric column. */
	metric?: Metric;
	/** scale_max of CSAT answers (5 or 7) when the file has no scale column. */
	scale?: number;
	/** Score values that mean "not applicable": such rows are skipped, not rejected. Default [""]. */
	notApplicable?: string[];
}

export interface WideResponseMapping extends MappingBase {
	kind: 'responses';
	format: 'wide';
	/** Shared columns of each respondent row. */
	columns: Pick<ResponseColumns, 'comment' | 'date' | 'persona' | 'channel'>;
	/** One column per touchpoint: column header → touchpoint name or id. */
	touchpointColumns: Record<string, string>;
	metric: Metric;
	scale?: number;
	notApplicable?: string[];
}

export interface FeedbackMapping extends MappingBase {
	kind: 'feedback';
	columns: FeedbackColumns;
	/** Source of every row when the file has no source column (email, call, chat, review, social, survey). */
	source?: FeedbackSource;
	/** Top of the rating scale (default 5): ratings in the top two points are positive, the bottom two negative. */
	ratingScale?: number;
}

export interface CaseMapping extends MappingBase {
	kind: 'cases';
	columns: CaseColumns;
}

export type ImportMapping = LongResponseMapping | WideResponseMapping | FeedbackMapping | CaseMapping;

export type FeedbackSource = 'email' | 'call' | 'chat' | 'review' | 'social' | 'survey';
export const FEEDBACK_SOURCES: readonly FeedbackSource[] = ['email', 'call', 'chat', 'review', 'social', 'survey'];

/** A row (or, in wide files, a cell) that was not imported, and why. */
export interface Rejection {
	/** 1-based line of the file where the row starts (the header is line 1). */
	line: number;
	/** Header of the column at fault, when one column is. */
	column?: string;
	reason: string;
}

/** Something about the whole file that stops the import (nothing can be imported). */
export interface FileProblem {
	code: 'empty' | 'one-column' | 'missing-column' | 'huge-field' | 'ambiguous-dates' | 'bad-mapping' | 'unclosed-quote';
	message: string;
	line?: number;
}

export interface ImportReport {
	kind: ImportKind;
	/** Data rows read (header and blank lines not counted). */
	rowsRead: number;
	/** Records accepted: rows, or in a wide file the answered cells. */
	accepted: number;
	/** Rows (wide: cells) rejected; `rejections` lists the first MAX_REJECTIONS of them. */
	rejected: number;
	/** "Not applicable" answers skipped (not errors). */
	skipped: number;
	rejections: Rejection[];
	/** Values left empty rather than rejected (unknown persona, unknown channel), with counts. */
	warnings: string[];
	problems: FileProblem[];
	delimiter: Delimiter;
	dateOrder: DateOrder | null;
}

/** How many rejections a report keeps in detail (the count is always exact). */
export const MAX_REJECTIONS = 1000;

export interface ResponseRecord {
	touchpoint_id: string;
	metric: Metric;
	score: number;
	scale_max: number;
	comment: string | null;
	persona_id: string | null;
	channel: string | null;
	responded_at: string | null;
}

export interface FeedbackRecord {
	touchpoint_id: string | null;
	source: FeedbackSource;
	body: string;
	sentiment: 'positive' | 'neutral' | 'negative' | null;
	sentiment_score: number | null;
	theme: string | null;
	persona_id: string | null;
	created_at: string | null;
}

export interface CaseRecord {
	touchpoint_id: string;
	channel: string | null;
	category: string | null;
	opened_at: string;
	first_response_at: string | null;
	resolved_at: string | null;
}

export type ImportRecord = ResponseRecord | FeedbackRecord | CaseRecord;

/** Progress of a pass over the file (sizes in UTF-16 characters of the decoded text). */
export interface ImportProgress {
	phase: 'analyse' | 'validate';
	rowsDone: number;
	bytesDone: number;
	bytesTotal: number;
}
export type ProgressCallback = (progress: ImportProgress) => void;

export interface NamedRef {
	id: string;
	name: string;
}
