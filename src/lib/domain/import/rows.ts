/** The second pass, one row at a time: fields to a record, or a rejection with line, column and reason. */
import { truncate } from './csv.js';
import { DateOrderDetector, parseDate } from './dates.js';
import { findByNameOrId, suggest } from './similarity.js';
import { type CaseRecord, type FeedbackRecord, type ImportMapping, type ImportRecord, type Metric, type NamedRef, type Rejection, type ResponseRecord } from './types.js';
import { checkScale, ratingSentiment, readChannel, readDuration, readMetric, readScore, readSentiment, readSource } from './values.js';
import { DEFAULT_NA, MAX_TEXT, dateColumn, headerIndex, resolveTouchpoint } from './columns.js';
import type { ImportContext } from './importer.js';

/** A row's problem: the column it is in (when known) and why, in words. */
class RowError extends Error {
	constructor(
		readonly column: string | undefined,
		readonly why: string
	) {
		super(why);
	}
}

export interface Sink {
	emit(record: ImportRecord): void;
	reject(r: Rejection): void;
	warn(key: string, example: string): void;
	skip(count?: number): void;
	detector: DateOrderDetector;
}

export function makeRowHandler(mapping: ImportMapping, headers: string[], context: ImportContext, sink: Sink): (fields: string[], line: number) => void {
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

	// Files repeat dates (a day per row, a time per batch): each distinct text is parsed once.
	// Bounded, so a file of unique timestamps costs a lookup per row and no more memory.
	const parsedDates = new Map<string, ReturnType<typeof parseDate>>();
	const date = (fields: string[], index: number, required: boolean): string | null => {
		if (index < 0) return null;
		const raw = fields[index]!;
		if (raw.trim() === '') return required ? fail(index, 'the date is empty') : null;
		let parsed = parsedDates.get(raw);
		if (!parsed) {
			if (parsedDates.size >= 4096) parsedDates.clear();
			parsed = parseDate(raw, dateOrder);
			parsedDates.set(raw, parsed);
		}
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
