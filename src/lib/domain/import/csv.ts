/**
 * Reading CSV text: BOM, delimiter detection (, ; tab |), quoted fields, CRLF, 1-based file
 * line numbers for every row, progress, and clear errors for files that are not what they seem.
 * Tokenising is papaparse's (fast, RFC 4180, streaming over a string in chunks); this module
 * adds what an importer needs around it. No I/O: runs in a Web Worker and in Node alike.
 */
import Papa from 'papaparse';
import { DELIMITERS, type Delimiter, type FileProblem, type Rejection } from './types.js';

/** A field (or an unfinished line) longer than this stops the file: it is almost always a quote never closed. */
export const MAX_FIELD_CHARS = 1 << 20;
const CHUNK_CHARS = 1 << 20;

export interface CsvReadOptions {
	delimiter?: Delimiter | 'auto';
	/** Called after each chunk (about every 1 MB) with rows and characters done. */
	onProgress?: (rowsDone: number, bytesDone: number, bytesTotal: number) => void;
	/** Stop after this many data rows (previews). */
	maxRows?: number;
	/** Called once with the header fields (trimmed), before the first row. */
	onHeader?: (headers: string[]) => void;
}

export interface CsvReadResult {
	headers: string[];
	delimiter: Delimiter;
	/** Data rows handed to onRow or rejected by the tokenizer (blank lines excluded). */
	rowsRead: number;
	/** Rows the tokenizer could not read (malformed quotes, too many fields). */
	rejections: Rejection[];
	/** Stops the import: empty file, one column only, a huge field, a quote never closed. */
	problems: FileProblem[];
}

/** Drops a UTF-8 byte order mark (Excel writes one; Node's readFile keeps it). */
export const stripBom = (text: string) => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

/** The line break of a file: the first one found outside quotes wins. */
export function detectNewline(text: string): '\r\n' | '\n' | '\r' {
	const lf = text.indexOf('\n');
	if (lf > 0 && text.charCodeAt(lf - 1) === 13) return '\r\n';
	if (lf >= 0) return '\n';
	return text.includes('\r') ? '\r' : '\n';
}

/**
 * Picks the delimiter that splits the first lines into the same number (> 0) of fields most
 * consistently; quoted text is ignored while counting. Ties go to the more fields, then to the
 * order , ; tab |. A file where no candidate appears gets ',' (and then has one column).
 */
export function detectDelimiter(text: string): Delimiter {
	const sample = text.slice(0, 64 * 1024).replace(/"(?:[^"]|"")*"/g, '""');
	const lines = sample.split(/\r\n|\n|\r/).filter((l) => l.trim() !== '').slice(0, 20);
	if (sample.length === 64 * 1024 && lines.length > 1) lines.pop(); // may be cut in the middle
	let best: { d: Delimiter; consistent: number; count: number } | null = null;
	for (const d of DELIMITERS) {
		const counts = lines.map((l) => l.split(d).length - 1);
		const first = counts[0] ?? 0;
		if (first === 0) continue;
		const consistent = counts.filter((c) => c === first).length;
		if (!best || consistent > best.consistent || (consistent === best.consistent && first > best.count)) {
			best = { d, consistent, count: first };
		}
	}
	return best?.d ?? ',';
}

const DELIMITER_NAMES: Record<Delimiter, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };
export const delimiterName = (d: Delimiter) => DELIMITER_NAMES[d];

/**
 * Reads CSV text and calls onRow(fields, line) for each data row with its 1-based file line
 * (the header is line 1; a row whose quoted field spans lines is numbered by its first line).
 * Blank lines are skipped. Rows with more fields than the header are rejected; shorter rows
 * are padded with empty fields (spreadsheets drop trailing empty cells). Never throws on bad
 * input: what cannot be read is reported in `problems` (fatal) or `rejections` (per row).
 */
export function readCsv(input: string, options: CsvReadOptions, onRow: (fields: string[], line: number) => void): CsvReadResult {
	const text = stripBom(input);
	const delimiter = !options.delimiter || options.delimiter === 'auto' ? detectDelimiter(text) : options.delimiter;
	const result: CsvReadResult = { headers: [], delimiter, rowsRead: 0, rejections: [], problems: [] };
	if (text.trim() === '') {
		result.problems.push({ code: 'empty', message: 'The file is empty: it has no header line and no rows.' });
		return result;
	}
	const newline = detectNewline(text);
	const breakChar = newline === '\r' ? '\r' : '\n';
	const total = text.length;
	let line = 1; // line where the next row starts
	let headerSeen = false;
	let chunks = 0;
	let stopped = false;

	const linesIn = (fields: string[]) => {
		let n = 1;
		for (const f of fields) {
			if (f.length === 0) continue;
			let at = f.indexOf(breakChar);
			while (at !== -1) {
				n++;
				at = f.indexOf(breakChar, at + 1);
			}
		}
		return n;
	};

	// papaparse streams a string in chunks, synchronously (its types only describe chunking for
	// File inputs, hence the local signature).
	const parseChunked = Papa.parse as unknown as (
		input: string,
		config: Papa.ParseConfig<string[]> & { chunkSize: number; chunk(results: Papa.ParseResult<string[]>, parser: Papa.Parser): void }
	) => void;
	parseChunked(text, {
		delimiter,
		newline,
		quoteChar: '"',
		escapeChar: '"',
		skipEmptyLines: false,
		dynamicTyping: false,
		chunkSize: CHUNK_CHARS,
		chunk(results, parser) {
			chunks++;
			const badRows = new Map<number, string>();
			for (const e of results.errors) {
				if (typeof e.row !== 'number' || e.row >= results.data.length) continue;
				if (e.code === 'MissingQuotes') badRows.set(e.row, 'unclosed');
				else if (!badRows.has(e.row)) badRows.set(e.row, 'malformed');
			}
			for (let i = 0; i < results.data.length && !stopped; i++) {
				const fields = results.data[i]!;
				const rowLine = line;
				line += linesIn(fields);
				if (fields.length === 1 && fields[0] === '' && !badRows.has(i)) continue; // blank line
				const tooLong = fields.findIndex((f) => f.length > MAX_FIELD_CHARS);
				const bad = badRows.get(i);
				if (bad === 'unclosed' || tooLong >= 0) {
					result.problems.push(
						bad === 'unclosed'
							? {
									code: 'unclosed-quote',
									line: rowLine,
									message: `Line ${rowLine}: a quoted field is opened and never closed, so the rest of the file cannot be read. Check the quotes on that line.`
								}
							: hugeField(rowLine)
					);
					stopped = true;
					break;
				}
				if (!headerSeen) {
					headerSeen = true;
					result.headers = fields.map((h) => h.trim());
					if (fields.length === 1) {
						result.problems.push({
							code: 'one-column',
							line: rowLine,
							message:
								`The header line has one column only ("${truncate(fields[0] ?? '', 60)}"): the file is not separated by ` +
								`commas, semicolons, tabs or pipes${options.delimiter && options.delimiter !== 'auto' ? `, or the delimiter is not ${delimiterName(delimiter)}` : ''}.`
						});
						stopped = true;
						break;
					}
					options.onHeader?.(result.headers);
					continue;
				}
				result.rowsRead++;
				if (bad === 'malformed') {
					result.rejections.push({ line: rowLine, reason: `line ${rowLine}: malformed quotes (a quote inside a quoted field must be doubled: "")` });
					continue;
				}
				if (fields.length > result.headers.length) {
					result.rejections.push({
						line: rowLine,
						reason: `line ${rowLine}: ${fields.length} fields, but the header has ${result.headers.length} (an unquoted ${delimiterName(delimiter)} in a value?)`
					});
					continue;
				}
				while (fields.length < result.headers.length) fields.push('');
				onRow(fields, rowLine);
				if (options.maxRows !== undefined && result.rowsRead >= options.maxRows) {
					stopped = true;
					break;
				}
			}
			const consumed = Math.min(chunks * CHUNK_CHARS, total);
			if (!stopped && consumed - results.meta.cursor > MAX_FIELD_CHARS) {
				result.problems.push(hugeField(line));
				stopped = true;
			}
			options.onProgress?.(result.rowsRead, stopped ? total : results.meta.cursor, total);
			if (stopped) parser.abort();
		}
	});
	if (!headerSeen && result.problems.length === 0) {
		result.problems.push({ code: 'empty', message: 'The file is empty: it has no header line and no rows.' });
	}
	return result;
}

function hugeField(line: number): FileProblem {
	return {
		code: 'huge-field',
		line,
		message: `Line ${line}: a field or line is longer than 1 MB. This is almost always a quote that is never closed; the file cannot be imported as it is.`
	};
}

export const truncate = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export interface CsvPreview {
	headers: string[];
	rows: string[][];
	delimiter: Delimiter;
	problems: FileProblem[];
}

/** The header and first rows (default 20) of a file, for the mapping screen. Reads only what it needs. */
export function previewCsv(text: string, options: { delimiter?: Delimiter | 'auto'; rows?: number } = {}): CsvPreview {
	const rows: string[][] = [];
	const limit = options.rows ?? 20;
	// A generous prefix is enough for a preview; a huge first field is still reported.
	const prefix = text.length > 4 * MAX_FIELD_CHARS ? text.slice(0, 4 * MAX_FIELD_CHARS) : text;
	const read = readCsv(prefix, { ...options, maxRows: limit }, (fields) => rows.push(fields));
	return { headers: read.headers, rows, delimiter: read.delimiter, problems: read.problems };
}
