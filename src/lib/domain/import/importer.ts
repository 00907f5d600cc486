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
 * them in `context.touchpoints`.
 */
import { readCsv, truncate } from './csv.js';
import { DateOrderDetector, parseDate, type DateOrderEvidence } from './dates.js';
import { findByNameOrId, humaniseHeader, suggest, type Suggestion } from './similarity.js';
import {
	MAX_REJECTIONS,
	type CaseRecord,
	type DateOrder,
	type Delimiter,
	type FeedbackRecord,
	type FileProblem,
	type ImportMapping,
	type ImportRecord,
	type ImportReport,
	type Metric,
	type NamedRef,
	type ProgressCallback,
	type Rejection,
	type ResponseRecord
} from './types.js';
import { checkScale, ratingSentiment, readChannel, readDuration, readMetric, readScore, readSentiment, readSource } from './values.js';

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

const MAX_TEXT = { comment: 5000, body: 20000, theme: 100, category: 100 } as const;
const DEFAULT_NA = ['', 'na', 'n/a'];

// ---------------------------------------------------------------------------------------------
// Columns named by the mapping

type ColumnRole = { role: string; header: string };

function mappedColumns(mapping: ImportMapping): ColumnRole[] {
	const roles: ColumnRole[] = Object.entries(mapping.columns ?? {})
		.filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '')
		.map(([role, header]) => ({ role, header }));
	if (mapping.kind === 'responses' && mapping.format === 'wide') {
		for (const header of Object.keys(mapping.touchpointColumns ?? {})) roles.push({ role: 'touchpoint column', header });
	}
	return roles;
}

/** Index of a header: exact first, then ignoring case and surrounding spaces. */
function headerIndex(headers: string[], name: string): number {
	const exact = headers.indexOf(name);
	if (exact >= 0) return exact;
	const wanted = name.trim().toLowerCase();
	return headers.findIndex((h) => h.trim().toLowerCase() === wanted);
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

// ---------------------------------------------------------------------------------------------
// Touchpoint resolution

/** Resolves a file value to a touchpoint: an explicit mapping override first, then id or name. */
function resolveTouchpoint(value: string, mapping: ImportMapping, touchpoints: NamedRef[]): NamedRef | null {
	const override = mapping.touchpoints?.[value] ?? mapping.touchpoints?.[value.trim()];
	return findByNameOrId(override ?? value, touchpoints);
}

function dateColumn(mapping: ImportMapping): string | undefined {
	if (mapping.kind === 'cases') return mapping.columns.opened;
	return mapping.columns.date;
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

class RowError extends Error {
	constructor(
		readonly column: string | undefined,
		readonly why: string
	) {
		super(why);
	}
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

interface Sink {
	emit(record: ImportRecord): void;
	reject(r: Rejection): void;
	warn(key: string, example: string): void;
	skip(count?: number): void;
	detector: DateOrderDetector;
}

function makeRowHandler(mapping: ImportMapping, headers: string[], context: ImportContext, sink: Sink): (fields: string[], line: number) => void {
	const col = (name: string | undefined) => (name ? headerIndex(headers, name) : -1);
	const nameOf = (index: number) => headers[index] ?? '';
	const personas = context.personas ?? [];
	const dateOrder = mapping.dateOrder ?? context.dateOrder ?? null;
	const touchpointCache = new Map<string, NamedRef | null>();
	const touchpointOf = (value: string) => {
		let hit = touchpointCache.get(value);
		if (hit === undefined) {
			hit = resolveTouchpoint(value, mapping, context.touchpoints);
			touchpointCache.set(value, hit);
		}
		return hit;
	};
	const personaCache = new Map<string, NamedRef | null>();
	const fail = (column: number | string | undefined, why: string): never => {
		throw new RowError(typeof column === 'number' ? nameOf(column) : column, why);
	};
	const rejectionOf = (line: number, error: RowError): Rejection => ({
		line,
		...(error.column ? { column: error.column } : {}),
		reason: `line ${line}${error.column ? `, column '${error.column}'` : ''}: ${error.why}`
	});

	const date = (fields: string[], index: number, required: boolean): string | null => {
		if (index < 0) return null;
		const raw = fields[index]!;
		if (raw.trim() === '') return required ? fail(index, 'the date is empty') : null;
		const parsed = parseDate(raw, dateOrder);
		if (!parsed.ok) return fail(index, parsed.reason);
		return parsed.iso;
	};
	const text = (fields: string[], index: number, max: number, what: string): string | null => {
		if (index < 0) return null;
		// Postgres text cannot hold NUL characters: they are dropped.
		const value = fields[index]!.replace(/\u0000/g, '').trim();
		if (value === '') return null;
		if (value.length > max) fail(index, `the ${what} is longer than ${max.toLocaleString('en')} characters (${value.length.toLocaleString('en')})`);
		return value;
	};
	const persona = (fields: string[], index: number): string | null => {
		if (index < 0) return null;
		const value = fields[index]!.trim();
		if (value === '') return null;
		let hit = personaCache.get(value);
		if (hit === undefined) {
			hit = findByNameOrId(value, personas);
			personaCache.set(value, hit);
		}
		if (!hit) sink.warn(`column '${nameOf(index)}': not a persona of this workspace`, value);
		return hit?.id ?? null;
	};
	const channel = (fields: string[], index: number): string | null => {
		if (index < 0) return null;
		const value = fields[index]!.trim();
		if (value === '') return null;
		const c = readChannel(value);
		if (!c) sink.warn(`column '${nameOf(index)}': not a channel (web, app, email, phone, store, chat, social, other)`, value);
		return c;
	};
	const touchpoint = (fields: string[], index: number, required: boolean): string | null => {
		const value = index >= 0 ? fields[index]!.trim() : (mapping.touchpoint ?? '');
		if (value === '') return required ? fail(index, 'the touchpoint is empty') : null;
		const hit = touchpointOf(value);
		if (hit) return hit.id;
		const near = suggest(value, context.touchpoints, 1)[0];
		return fail(index >= 0 ? index : 'touchpoint', `'${truncate(value, 60)}' is not a touchpoint of this journey${near ? ` (did you mean '${near.name}'?)` : ''}`);
	};
	const guarded = (body: (fields: string[], line: number) => void) => (fields: string[], line: number) => {
		try {
			body(fields, line);
		} catch (error) {
			if (error instanceof RowError) sink.reject(rejectionOf(line, error));
			else throw error;
		}
	};
	const dateIndex = col(dateColumn(mapping));
	const noteDate = (fields: string[]) => {
		if (dateIndex >= 0) sink.detector.add(fields[dateIndex]!);
	};

	if (mapping.kind === 'responses') {
		const na = new Set((mapping.notApplicable ?? DEFAULT_NA).map((v) => v.trim().toLowerCase()));
		const isNa = (raw: string) => na.has(raw.trim().toLowerCase());
		const fixedScale = mapping.metric ? checkScale(mapping.metric, mapping.scale) : null;
		const c = mapping.columns;
		const commentI = col(c.comment);
		const personaI = col(c.persona);
		const channelI = col(c.channel);
		const shared = (fields: string[]) => ({
			comment: text(fields, commentI, MAX_TEXT.comment, 'comment'),
			persona_id: persona(fields, personaI),
			channel: channel(fields, channelI),
			responded_at: date(fields, dateIndex, false)
		});

		if (mapping.format === 'wide') {
			const metric = mapping.metric;
			const scaleMax = fixedScale?.ok ? fixedScale.value : 10;
			const columns = Object.entries(mapping.touchpointColumns).map(([header, target]) => ({
				index: col(header),
				touchpoint: touchpointOf(target || header),
				target: target || header
			}));
			return (fields, line) => {
				noteDate(fields);
				const answered = columns.filter((k) => !isNa(fields[k.index]!));
				if (answered.length < columns.length) sink.skip(columns.length - answered.length);
				if (answered.length === 0) return;
				let common: ReturnType<typeof shared>;
				try {
					common = shared(fields);
				} catch (error) {
					if (!(error instanceof RowError)) throw error;
					sink.reject(rejectionOf(line, new RowError(error.column, `${error.why} (the row's ${answered.length} answers are not imported)`)));
					return;
				}
				for (const k of answered) {
					const score = readScore(fields[k.index]!, metric, scaleMax);
					if (!score.ok) {
						sink.reject(rejectionOf(line, new RowError(nameOf(k.index), score.reason)));
						continue;
					}
					if (!k.touchpoint) {
						const near = suggest(k.target, context.touchpoints, 1)[0];
						sink.reject(rejectionOf(line, new RowError(nameOf(k.index), `'${truncate(k.target, 60)}' is not a touchpoint of this journey${near ? ` (did you mean '${near.name}'?)` : ''}`)));
						continue;
					}
					sink.emit({ touchpoint_id: k.touchpoint.id, metric, score: score.value, scale_max: scaleMax, ...common } satisfies ResponseRecord);
				}
			};
		}

		const lc = mapping.columns;
		const touchpointI = col(lc.touchpoint);
		const metricI = col(lc.metric);
		const scoreI = col(lc.score);
		const scaleI = col(lc.scale);
		return guarded((fields) => {
			noteDate(fields);
			if (isNa(fields[scoreI]!)) {
				sink.skip();
				return;
			}
			let metric: Metric;
			if (metricI >= 0) {
				const m = readMetric(fields[metricI]!);
				if (!m.ok) return fail(metricI, m.reason);
				metric = m.value;
			} else metric = mapping.metric!;
			let scaleMax: number;
			if (scaleI >= 0 && fields[scaleI]!.trim() !== '') {
				const s = checkScale(metric, Number(fields[scaleI]!.trim()));
				if (!s.ok) return fail(scaleI, s.reason);
				scaleMax = s.value;
			} else {
				const s = checkScale(metric, metric === mapping.metric || metric === 'csat' ? mapping.scale : undefined);
				if (!s.ok) return fail(scaleI >= 0 ? scaleI : metricI, s.reason);
				scaleMax = s.value;
			}
			const score = readScore(fields[scoreI]!, metric, scaleMax);
			if (!score.ok) return fail(scoreI, score.reason);
			const touchpoint_id = touchpoint(fields, touchpointI, true)!;
			sink.emit({ touchpoint_id, metric, score: score.value, scale_max: scaleMax, ...shared(fields) } satisfies ResponseRecord);
		});
	}

	if (mapping.kind === 'feedback') {
		const c = mapping.columns;
		const textI = col(c.text);
		const sourceI = col(c.source);
		const touchpointI = col(c.touchpoint);
		const themeI = col(c.theme);
		const ratingI = col(c.rating);
		const sentimentI = col(c.sentiment);
		const personaI = col(c.persona);
		const ratingScale = mapping.ratingScale ?? 5;
		return guarded((fields) => {
			noteDate(fields);
			const body = text(fields, textI, MAX_TEXT.body, 'text');
			if (!body) return fail(textI, 'the text is empty');
			let source = mapping.source ? readSource(mapping.source) : null;
			if (sourceI >= 0 && fields[sourceI]!.trim() !== '') source = readSource(fields[sourceI]!);
			if (!source) return fail(sourceI, 'the source is empty');
			if (!source.ok) return fail(sourceI, source.reason);
			let sentiment: FeedbackRecord['sentiment'] = null;
			let sentiment_score: number | null = null;
			if (sentimentI >= 0 && fields[sentimentI]!.trim() !== '') {
				sentiment = readSentiment(fields[sentimentI]!);
				if (!sentiment) sink.warn(`column '${nameOf(sentimentI)}': not a sentiment (positive, neutral, negative)`, fields[sentimentI]!);
			}
			if (ratingI >= 0 && fields[ratingI]!.trim() !== '') {
				const r = ratingSentiment(fields[ratingI]!, ratingScale);
				if (!r) sink.warn(`column '${nameOf(ratingI)}': not a rating from 1 to ${ratingScale}`, fields[ratingI]!);
				else {
					sentiment ??= r.sentiment;
					sentiment_score = r.score;
				}
			}
			sink.emit({
				touchpoint_id: touchpoint(fields, touchpointI, false),
				source: source.value,
				body,
				sentiment,
				sentiment_score,
				theme: text(fields, themeI, MAX_TEXT.theme, 'theme'),
				persona_id: persona(fields, personaI),
				created_at: date(fields, dateIndex, false)
			} satisfies FeedbackRecord);
		});
	}

	const c = mapping.columns;
	const openedI = col(c.opened);
	const firstI = col(c.firstResponse);
	const resolvedI = col(c.resolved);
	const firstMinI = col(c.firstResponseMinutes);
	const resolutionHI = col(c.resolutionHours);
	const touchpointI = col(c.touchpoint);
	const channelI = col(c.channel);
	const categoryI = col(c.category);
	const after = (fields: string[], opened: string, dateI: number, durationI: number, unitMs: number, what: string): string | null => {
		let at = date(fields, dateI, false);
		if (!at && durationI >= 0 && fields[durationI]!.trim() !== '') {
			const d = readDuration(fields[durationI]!);
			if (!d.ok) return fail(durationI, d.reason);
			at = new Date(Date.parse(opened) + d.value * unitMs).toISOString();
		}
		if (at && at < opened) return fail(dateI >= 0 ? dateI : durationI, `the ${what} (${at}) is before the case was opened (${opened})`);
		return at;
	};
	return guarded((fields) => {
		noteDate(fields);
		const opened = date(fields, openedI, true)!;
		sink.emit({
			touchpoint_id: touchpoint(fields, touchpointI, true)!,
			channel: channel(fields, channelI),
			category: text(fields, categoryI, MAX_TEXT.category, 'category'),
			opened_at: opened,
			first_response_at: after(fields, opened, firstI, firstMinI, 60_000, 'first response'),
			resolved_at: after(fields, opened, resolvedI, resolutionHI, 3_600_000, 'resolution')
		} satisfies CaseRecord);
	});
}
