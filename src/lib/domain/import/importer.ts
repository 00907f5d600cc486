/**
 * The importer: two passes over the text of a file.
 *
 * 1. `analyseImport` checks the mapping against the header, collects the distinct touchpoint
 *    values with their match or fuzzy suggestions, and the evidence about day/month order.
 *    Nothing it finds is written anywhere; a UI shows it, the CLI prints it.
 * 2. `validateImport` reads every row into records ready for the database (or a rejection with
 *    the file line, the column and a reason) and produces the report.
 *
 * Touchpoints the journey lacks are created between the two passes by the caller when the
 * mapping says `createMissingTouchpoints` (that needs the server); the second pass then finds
 * them in `context.touchpoints`. The per-row reading lives in rows.ts, the column helpers both
 * passes share in columns.ts.
 */
import { readCsv, truncate } from './csv.js';
import { DateOrderDetector, type DateOrderEvidence } from './dates.js';
import { humaniseHeader, suggest, type Suggestion } from './similarity.js';
import { MAX_REJECTIONS, type DateOrder, type Delimiter, type FileProblem, type ImportMapping, type ImportRecord, type ImportReport, type NamedRef, type ProgressCallback, type Rejection } from './types.js';
import { dateColumn, headerIndex, mappedColumns, resolveTouchpoint } from './columns.js';
import { makeRowHandler, type Sink } from './rows.js';
import { checkScale, readSource } from './values.js';

export interface ImportContext {
	/** The journey's touchpoints (live ones). */
	touchpoints: NamedRef[];
	/** The workspace's personas, matched by name or id. */
	personas?: NamedRef[];
	/** Day/month order proven by analyseImport (`analysis.dates.order`); the mapping's dateOrder wins. */
	dateOrder?: DateOrder | null;
}

export interface TouchpointMatch {
	/** The value as written in the file (long format) or the mapping target (wide format). */
	value: string;
	/** How many rows (long) or which column (wide) carry it. */
	rows: number;
	column?: string;
	match: NamedRef | null;
	suggestions: Suggestion[];
	/** Name a created touchpoint would get. */
	createAs: string;
}

export interface ImportAnalysis {
	headers: string[];
	delimiter: Delimiter;
	rowsRead: number;
	problems: FileProblem[];
	touchpoints: TouchpointMatch[];
	/** Values without a touchpoint (rows carrying them are rejected unless created). */
	missingTouchpoints: TouchpointMatch[];
	dates: DateOrderEvidence;
}

/** What makes a mapping unusable for a file, independent of its rows. */
export function checkMapping(mapping: ImportMapping, headers: string[]): FileProblem[] {
	const problems: FileProblem[] = [];
	const bad = (message: string) => problems.push({ code: 'bad-mapping', message });
	const c = mapping.columns ?? {};
	if (mapping.kind === 'responses') {
		if (mapping.format === 'wide') {
			if (Object.keys(mapping.touchpointColumns ?? {}).length === 0) bad('A wide file needs touchpointColumns: one column per touchpoint.');
			if (!mapping.metric) bad('A wide file needs the metric of its answers (nps, csat or ces).');
		} else {
			const lc = c as { touchpoint?: string; score?: string; metric?: string };
			if (!lc.score) bad('Map the score column (columns.score).');
			if (!lc.touchpoint && !mapping.touchpoint) bad('Map the touchpoint column (columns.touchpoint) or give one touchpoint for the file (touchpoint).');
			if (!lc.metric && !mapping.metric) bad('Map the metric column (columns.metric) or give the metric of the file (metric).');
		}
		if (mapping.metric) {
			const scale = checkScale(mapping.metric, mapping.scale);
			if (!scale.ok && !(mapping.format === 'long' && mapping.columns.scale)) bad(`${scale.reason}: set scale in the mapping.`);
		}
	} else if (mapping.kind === 'feedback') {
		if (!mapping.columns.text) bad('Map the text column (columns.text).');
		if (!mapping.columns.source && !mapping.source) bad('Map the source column (columns.source) or give the source of the file (source).');
		if (mapping.source && !readSource(mapping.source).ok) bad(`source: ${(readSource(mapping.source) as { reason: string }).reason}.`);
	} else if (mapping.kind === 'cases') {
		if (!mapping.columns.opened) bad('Map the column with the time a case was opened (columns.opened).');
		if (!mapping.columns.touchpoint && !mapping.touchpoint) bad('Map the touchpoint column (columns.touchpoint) or give one touchpoint for the file (touchpoint).');
	} else {
		bad(`kind must be responses, feedback or cases.`);
	}
	const missing = mappedColumns(mapping).filter((c) => headerIndex(headers, c.header) < 0);
	for (const m of missing) {
		problems.push({
			code: 'missing-column',
			message: `The file has no column '${m.header}' (mapped as ${m.role}). Its columns are: ${headers.map((h) => `'${truncate(h, 40)}'`).join(', ')}.`
		});
	}
	return problems;
}

/** First pass: problems, touchpoint matches and date evidence. */
export function analyseImport(text: string, mapping: ImportMapping, context: ImportContext, onProgress?: ProgressCallback): ImportAnalysis {
	const counts = new Map<string, number>();
	const detector = new DateOrderDetector();
	const dateCols: number[] = [];
	let tpIndex = -1;
	const read = readCsv(
		text,
		{
			delimiter: mapping.delimiter ?? 'auto',
			onProgress: (rowsDone, bytesDone, bytesTotal) => onProgress?.({ phase: 'analyse', rowsDone, bytesDone, bytesTotal }),
			onHeader: (headers) => {
				const c = (mapping.columns ?? {}) as Record<string, string | undefined>;
				const wideFormat = mapping.kind === 'responses' && mapping.format === 'wide';
				if (!wideFormat && c.touchpoint) tpIndex = headerIndex(headers, c.touchpoint);
				const cases = mapping.kind === 'cases' ? mapping.columns : undefined;
				for (const name of [dateColumn(mapping), cases?.firstResponse, cases?.resolved]) {
					if (name && headerIndex(headers, name) >= 0) dateCols.push(headerIndex(headers, name));
				}
			}
		},
		(fields) => {
			if (tpIndex >= 0) {
				const v = fields[tpIndex]!.trim();
				if (v !== '') counts.set(v, (counts.get(v) ?? 0) + 1);
			}
			for (const i of dateCols) detector.add(fields[i]!);
		}
	);
	const problems = [...read.problems];
	if (problems.length === 0) problems.push(...checkMapping(mapping, read.headers));

	const matches: TouchpointMatch[] = [];
	const target = (value: string, rows: number, column?: string): TouchpointMatch => {
		const match = resolveTouchpoint(value, mapping, context.touchpoints);
		return {
			value,
			rows,
			...(column ? { column } : {}),
			match,
			suggestions: match ? [] : suggest(value, context.touchpoints),
			createAs: column && value === column ? humaniseHeader(value) : value.trim().slice(0, 200)
		};
	};
	if (mapping.kind === 'responses' && mapping.format === 'wide') {
		for (const [column, value] of Object.entries(mapping.touchpointColumns ?? {})) matches.push(target(value || column, read.rowsRead, column));
	} else if (mapping.touchpoint && !(mapping.columns as { touchpoint?: string }).touchpoint) {
		matches.push(target(mapping.touchpoint, read.rowsRead));
	} else {
		for (const [value, rows] of counts) matches.push(target(value, rows));
		matches.sort((a, b) => b.rows - a.rows || a.value.localeCompare(b.value));
	}

	const dates = detector.result(mapping.dateOrder);
	const dateName = dateColumn(mapping);
	if (dates.conflicting && !mapping.dateOrder) {
		problems.push({
			code: 'ambiguous-dates',
			message: `Column '${dateName}' mixes day-first dates (like 25/03/2026) and month-first dates (like 03/25/2026). Set dateOrder ("dmy" or "mdy"); rows in the other order will be rejected.`
		});
	} else if (dates.ambiguous) {
		problems.push({
			code: 'ambiguous-dates',
			message: `Dates in column '${dateName}' such as ${dates.example} could be day/month or month/day: choose dateOrder "dmy" (day first) or "mdy" (month first).`
		});
	}
	return {
		headers: read.headers,
		delimiter: read.delimiter,
		rowsRead: read.rowsRead,
		problems,
		touchpoints: matches,
		missingTouchpoints: matches.filter((m) => !m.match),
		dates
	};
}

// ---------------------------------------------------------------------------------------------
// Second pass

export interface ValidateOptions {
	onProgress?: ProgressCallback;
	/** Receives accepted records in batches of `batchSize` (default 5,000); without it they are returned. */
	onRecords?: (records: ImportRecord[]) => void;
	batchSize?: number;
}

export interface ValidationResult {
	report: ImportReport;
	/** Accepted records, when no onRecords was given. */
	records: ImportRecord[];
}

/** Second pass: every row to records or rejections. Never throws on file content. */
export function validateImport(text: string, mapping: ImportMapping, context: ImportContext, options: ValidateOptions = {}): ValidationResult {
	const report: ImportReport = {
		kind: mapping.kind,
		rowsRead: 0,
		accepted: 0,
		rejected: 0,
		skipped: 0,
		rejections: [],
		warnings: [],
		problems: [],
		delimiter: ',',
		dateOrder: mapping.dateOrder ?? null
	};
	const records: ImportRecord[] = [];
	const batchSize = options.batchSize ?? 5000;
	let batch: ImportRecord[] = [];
	const emit = (record: ImportRecord) => {
		report.accepted++;
		if (!options.onRecords) {
			records.push(record);
			return;
		}
		batch.push(record);
		if (batch.length >= batchSize) {
			options.onRecords(batch);
			batch = [];
		}
	};
	const reject = (r: Rejection) => {
		report.rejected++;
		if (report.rejections.length < MAX_REJECTIONS) report.rejections.push(r);
	};
	const warnings = new Map<string, { count: number; example: string }>();
	const warn = (key: string, example: string) => {
		const w = warnings.get(key);
		if (w) w.count++;
		else warnings.set(key, { count: 1, example });
	};

	let rowHandler: ((fields: string[], line: number) => void) | null = null;
	const detector = new DateOrderDetector();
	const sink: Sink = { emit, reject, warn, skip: (n = 1) => (report.skipped += n), detector };
	const read = readCsv(
		text,
		{
			delimiter: mapping.delimiter ?? 'auto',
			onProgress: (rowsDone, bytesDone, bytesTotal) => options.onProgress?.({ phase: 'validate', rowsDone, bytesDone, bytesTotal }),
			onHeader: (headers) => {
				const problems = checkMapping(mapping, headers);
				if (problems.length > 0) report.problems.push(...problems);
				else rowHandler = makeRowHandler(mapping, headers, context, sink);
			}
		},
		(fields, line) => rowHandler?.(fields, line)
	);
	report.rowsRead = read.rowsRead;
	report.delimiter = read.delimiter;
	report.problems.unshift(...read.problems);
	if (report.problems.length > 0) {
		// Nothing of a file with a fatal problem is imported: no partial results.
		report.accepted = 0;
		records.length = 0;
		batch = [];
		report.rejected = 0;
		report.rejections = [];
	}
	for (const r of read.rejections) reject(r);
	if (batch.length > 0 && options.onRecords && report.problems.length === 0) options.onRecords(batch);
	report.rejections.sort((a, b) => a.line - b.line);
	report.warnings = [...warnings].map(([key, w]) => `${key}: ${w.count} ${w.count === 1 ? 'value' : 'values'} (e.g. '${truncate(w.example, 40)}') left empty`);
	const evidence = detector.result(mapping.dateOrder ?? context.dateOrder ?? undefined);
	report.dateOrder = evidence.order;
	return { report, records };
}
