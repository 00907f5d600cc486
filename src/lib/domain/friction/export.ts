/**
 * CSV of the Hotspots table (RFC 4180): a header row, CRLF line ends, fields quoted when they
 * hold a quote, comma or line break (quotes doubled). Text that a spreadsheet would run as a
 * formula (starting with = + - @, or a tab or carriage return) gets a leading single quote
 * (OWASP's CSV-injection advice). Numbers are written as numbers: they are ours, not the user's,
 * and "-81" must stay a number in a spreadsheet.
 */
import type { HotspotRow } from './hotspots.js';

export type CsvCell = string | number | boolean | null;

const FORMULA = /^[=+\-@\t\r]/;

export function csvCell(value: CsvCell): string {
	if (value === null) return '';
	if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
	if (typeof value === 'boolean') return value ? 'yes' : 'no';
	const text = FORMULA.test(value) ? `'${value}` : value;
	return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
	return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export const HOTSPOT_CSV_HEADER = [
	'rank',
	'touchpoint',
	'journey',
	'stage',
	'friction_score',
	'hotspot',
	'evidence_n',
	'nps',
	'nps_n',
	'csat_pct',
	'csat_n',
	'ces_mean',
	'ces_n',
	'explanation',
	'team',
	'team_id',
	'touchpoint_id',
	'journey_id'
] as const;

const round = (v: number | null, digits: number) => (v === null ? null : Number(v.toFixed(digits)));

export function hotspotsCsv(rows: readonly HotspotRow[]): string {
	return toCsv([
		HOTSPOT_CSV_HEADER,
		...rows.map((r) => [
			r.rank,
			r.touchpointName,
			r.journeyName,
			r.stageName,
			round(r.friction, 1),
			r.isHotspot,
			r.evidenceN,
			round(r.metrics.nps, 1),
			r.metrics.nps_n,
			round(r.metrics.csat_pct, 1),
			r.metrics.csat_n,
			round(r.metrics.ces_mean, 2),
			r.metrics.ces_n,
			r.explanation,
			r.team?.name ?? null,
			r.team?.id ?? null,
			r.touchpointId,
			r.journeyId
		])
	]);
}

/** hotspots-2026-12-01.csv (the UTC day of the export). */
export const hotspotsFilename = (now: Date) => `hotspots-${now.toISOString().slice(0, 10)}.csv`;
