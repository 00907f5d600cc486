/**
 * What the import page needs around the importer, kept pure so it is unit-tested: recognising
 * files that are not CSV text, decoding bytes, guessing the column mapping from the headers,
 * turning the page's choices into an ImportMapping, the rejected rows as a CSV download, and
 * cutting accepted records into request-sized chunks.
 */
import type { DateOrder, Delimiter, ImportKind, ImportMapping, ImportRecord, ImportReport, Metric } from './types.js';

export const KIND_LABELS: Record<ImportKind, string> = { responses: 'Survey responses', feedback: 'Feedback', cases: 'Service cases' };

/** "1 response", "2 feedback items", "1 case": what a count of records of a kind is called. */
export function recordsOf(kind: ImportKind, n: number): string {
	const [one, many] = kind === 'responses' ? ['response', 'responses'] : kind === 'feedback' ? ['feedback item', 'feedback items'] : ['case', 'cases'];
	return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}

// ---------------------------------------------------------------------------------------------
// Files

/** Why a file cannot be read as CSV text (an Excel workbook, a PDF, an image), or null. */
export function sniffFile(head: Uint8Array, name: string): string | null {
	const lower = name.toLowerCase();
	const starts = (...bytes: number[]) => bytes.every((b, i) => head[i] === b);
	if (starts(0x50, 0x4b, 0x03, 0x04) || /\.(xlsx|xlsm|ods|numbers)$/.test(lower)) {
		return `“${name}” is a spreadsheet workbook, not CSV text. In Excel choose File → Save As → “CSV UTF-8 (comma delimited)” (in Google Sheets: File → Download → CSV), then pick that file.`;
	}
	if (starts(0xd0, 0xcf, 0x11, 0xe0) || lower.endsWith('.xls')) {
		return `“${name}” is an old Excel workbook (.xls). Open it in Excel and save it as “CSV UTF-8 (comma delimited)”, then pick that file.`;
	}
	if (starts(0x25, 0x50, 0x44, 0x46)) return `“${name}” is a PDF, not a CSV file.`;
	if (head.subarray(0, 4096).includes(0)) return `“${name}” is not a text file (it contains binary data). Pick a CSV or TSV file.`;
	return null;
}

/**
 * Bytes to text: UTF-8 (with or without BOM; UTF-16 when it has a BOM), else Windows-1252 —
 * what Excel's plain "CSV (comma delimited)" writes on Western Windows systems.
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252' } {
	if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes), encoding: 'utf-16le' };
	if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes), encoding: 'utf-16be' };
	try {
		return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
	} catch {
		return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252' };
	}
}

/** Largest file the page reads (the CLI has no limit): beyond it the browser tab may run out of memory. */
export const MAX_BROWSER_FILE_BYTES = 200 * 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// Column mapping

export type Role =
	| 'touchpoint' | 'metric' | 'score' | 'scale' | 'comment' | 'date' | 'persona' | 'channel'
	| 'text' | 'source' | 'theme' | 'rating' | 'sentiment'
	| 'opened' | 'firstResponse' | 'resolved' | 'firstResponseMinutes' | 'resolutionHours' | 'category';

export interface RoleInfo {
	role: Role;
	label: string;
	required?: boolean;
	/** Header words that suggest this role (compared after lower-casing and removing punctuation). */
	words: string[];
}

const TP: RoleInfo = { role: 'touchpoint', label: 'Touchpoint', words: ['touchpoint', 'touch point', 'step', 'stage', 'interaction'] };
const DATE: RoleInfo = { role: 'date', label: 'Date', words: ['date', 'responded at', 'submitted', 'timestamp', 'created at', 'time'] };
const PERSONA: RoleInfo = { role: 'persona', label: 'Persona', words: ['persona', 'segment'] };
const CHANNEL: RoleInfo = { role: 'channel', label: 'Channel', words: ['channel'] };

export const ROLES: Record<ImportKind, RoleInfo[]> = {
	responses: [
		TP,
		{ role: 'metric', label: 'Metric (nps, csat, ces)', words: ['metric', 'question type', 'kind'] },
		{ role: 'score', label: 'Score', required: true, words: ['score', 'rating', 'answer', 'value', 'nps', 'csat', 'ces'] },
		{ role: 'scale', label: 'Scale maximum', words: ['scale', 'scale max'] },
		{ role: 'comment', label: 'Comment', words: ['comment', 'verbatim', 'feedback', 'remarks', 'why'] },
		DATE,
		PERSONA,
		CHANNEL
	],
	feedback: [
		TP,
		{ role: 'text', label: 'Text', required: true, words: ['text', 'body', 'feedback', 'comment', 'message', 'verbatim', 'review'] },
		{ role: 'source', label: 'Source', words: ['source', 'origin'] },
		DATE,
		PERSONA,
		{ role: 'theme', label: 'Theme', words: ['theme', 'topic', 'tag'] },
		{ role: 'rating', label: 'Rating (e.g. stars)', words: ['rating', 'stars'] },
		{ role: 'sentiment', label: 'Sentiment', words: ['sentiment'] }
	],
	cases: [
		{ ...TP, required: true },
		{ role: 'opened', label: 'Opened', required: true, words: ['opened', 'opened at', 'created', 'created at', 'submitted'] },
		{ role: 'firstResponse', label: 'First response (time)', words: ['first response', 'first response at', 'first reply'] },
		{ role: 'resolved', label: 'Resolved (time)', words: ['resolved', 'resolved at', 'closed', 'closed at'] },
		{ role: 'firstResponseMinutes', label: 'First response (minutes after opening)', words: ['frt', 'first response minutes'] },
		{ role: 'resolutionHours', label: 'Resolution (hours after opening)', words: ['ttr', 'resolution hours'] },
		CHANNEL,
		{ role: 'category', label: 'Category', words: ['category', 'type', 'reason'] }
	]
};

/** Roles a wide response file can still map (the rest is one column per touchpoint). */
export const WIDE_ROLES: Role[] = ['comment', 'date', 'persona', 'channel'];

const plain = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

/** A first mapping from the headers: exact word matches first, then headers containing the word. */
export function guessColumns(kind: ImportKind, headers: string[], wide = false): Partial<Record<Role, string>> {
	const roles = ROLES[kind].filter((r) => !wide || WIDE_ROLES.includes(r.role));
	const used = new Set<string>();
	const out: Partial<Record<Role, string>> = {};
	for (const pass of ['exact', 'contains'] as const) {
		for (const info of roles) {
			if (out[info.role]) continue;
			const hit = headers.find((h) => {
				if (used.has(h)) return false;
				const p = plain(h);
				return info.words.some((w) => (pass === 'exact' ? p === w : p.split(' ').includes(w) || p.startsWith(w)));
			});
			if (hit) {
				out[info.role] = hit;
				used.add(hit);
			}
		}
	}
	return out;
}

/** Headers that look like one-rating-per-touchpoint columns of a wide file: mostly small whole numbers. */
export function guessWideColumns(headers: string[], rows: string[][], exclude: string[]): string[] {
	return headers.filter((h, i) => {
		if (exclude.includes(h)) return false;
		const values = rows.map((r) => (r[i] ?? '').trim()).filter((v) => v !== '');
		return values.length > 0 && values.filter((v) => /^\d{1,2}$/.test(v)).length / values.length >= 0.8;
	});
}

export interface MappingChoices {
	kind: ImportKind;
	format: 'long' | 'wide';
	columns: Partial<Record<Role, string>>;
	/** Wide files: the touchpoint columns. */
	wideColumns: string[];
	metric: Metric | '';
	scale: number | null;
	notApplicable: string;
	dateOrder: DateOrder | '';
	/** File value (or wide column) → touchpoint id chosen by the person. */
	touchpoints: Record<string, string>;
	source: string;
	delimiter: Delimiter | 'auto';
}

/** "0, N/A; none" → ['0', 'N/A', 'none'] (an empty cell always counts as not applicable). */
export function parseNotApplicable(text: string): string[] {
	return ['', ...text.split(/[,;]/).map((v) => v.trim()).filter((v) => v !== '')];
}

/** The page's choices as a mapping the importer (and docs/import.md) understands. */
export function buildMapping(c: MappingChoices): ImportMapping {
	const pick = (roles: Role[]) => Object.fromEntries(roles.filter((r) => c.columns[r]).map((r) => [r, c.columns[r]!]));
	const base = {
		...(c.delimiter !== 'auto' ? { delimiter: c.delimiter } : {}),
		...(c.dateOrder ? { dateOrder: c.dateOrder } : {}),
		...(Object.keys(c.touchpoints).length > 0 ? { touchpoints: { ...c.touchpoints } } : {})
	};
	if (c.kind === 'feedback') {
		return { kind: 'feedback', columns: pick(ROLES.feedback.map((r) => r.role)), ...(c.source ? { source: c.source as never } : {}), ...base };
	}
	if (c.kind === 'cases') return { kind: 'cases', columns: pick(ROLES.cases.map((r) => r.role)), ...base };
	const scaleAndNa = { ...(c.scale ? { scale: c.scale } : {}), notApplicable: parseNotApplicable(c.notApplicable) };
	if (c.format === 'wide') {
		return {
			kind: 'responses',
			format: 'wide',
			columns: pick(WIDE_ROLES),
			touchpointColumns: Object.fromEntries(c.wideColumns.map((h) => [h, h])),
			metric: (c.metric || 'nps') as Metric,
			...scaleAndNa,
			...base
		};
	}
	return { kind: 'responses', format: 'long', columns: pick(ROLES.responses.map((r) => r.role)), ...(c.metric ? { metric: c.metric } : {}), ...scaleAndNa, ...base };
}

/**
 * A file problem in the page's words: the importer's messages name mapping.json keys for the
 * CLI ("Map the score column (columns.score)"); the page has a form instead.
 */
export function plainProblem(message: string): string {
	return message
		.replace('A wide file needs touchpointColumns: one column per touchpoint.', 'Tick at least one touchpoint column.')
		.replace(': set scale in the mapping.', ': choose the CSAT scale.')
		.replace(/\s*\((?:columns\.)?[a-zA-Z]+\)/g, '');
}

// ---------------------------------------------------------------------------------------------
// Report download and chunks

/** One CSV cell: quoted when needed; a leading = + - @ is defused so spreadsheets show it as text. */
function cell(value: string | number): string {
	let s = String(value);
	if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
	return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The rejected rows of a report as CSV (line, column, reason), with a header line. */
export function rejectionsCsv(report: Pick<ImportReport, 'rejections'>): string {
	const lines = ['line,column,reason'];
	for (const r of report.rejections) lines.push([r.line, r.column ?? '', r.reason].map(cell).join(','));
	return lines.join('\r\n') + '\r\n';
}

/**
 * Cuts records into chunks of at most `maxRows` rows and about `maxBytes` of JSON each, so each
 * stage_import_rows request stays under the server's body limit (512 kB behind adapter-node).
 */
export function chunkRecords(records: ImportRecord[], maxBytes = 400_000, maxRows = 2000): ImportRecord[][] {
	const chunks: ImportRecord[][] = [];
	let current: ImportRecord[] = [];
	let size = 2;
	const encoder = new TextEncoder();
	for (const record of records) {
		const bytes = encoder.encode(JSON.stringify(record)).length + 1;
		if (current.length > 0 && (size + bytes > maxBytes || current.length >= maxRows)) {
			chunks.push(current);
			current = [];
			size = 2;
		}
		current.push(record);
		size += bytes;
	}
	if (current.length > 0) chunks.push(current);
	return chunks;
}
