/** Columns a mapping names, and how file values find their touchpoint (shared by both passes). */
import { findByNameOrId } from './similarity.js';
import { type ImportMapping, type NamedRef } from './types.js';

export const MAX_TEXT = { comment: 5000, body: 20000, theme: 100, category: 100 } as const;
export const DEFAULT_NA = ['', 'na', 'n/a'];

// ---------------------------------------------------------------------------------------------
// Columns named by the mapping

export type ColumnRole = { role: string; header: string };

export function mappedColumns(mapping: ImportMapping): ColumnRole[] {
	const roles: ColumnRole[] = Object.entries(mapping.columns ?? {})
		.filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '')
		.map(([role, header]) => ({ role, header }));
	if (mapping.kind === 'responses' && mapping.format === 'wide') {
		for (const header of Object.keys(mapping.touchpointColumns ?? {})) roles.push({ role: 'touchpoint column', header });
	}
	return roles;
}

/** Index of a header: exact first, then ignoring case and surrounding spaces. */
export function headerIndex(headers: string[], name: string): number {
	const exact = headers.indexOf(name);
	if (exact >= 0) return exact;
	const wanted = name.trim().toLowerCase();
	return headers.findIndex((h) => h.trim().toLowerCase() === wanted);
}


// ---------------------------------------------------------------------------------------------
// Touchpoint resolution

/** Resolves a file value to a touchpoint: an explicit mapping override first, then id or name. */
export function resolveTouchpoint(value: string, mapping: ImportMapping, touchpoints: NamedRef[]): NamedRef | null {
	const override = mapping.touchpoints?.[value] ?? mapping.touchpoints?.[value.trim()];
	return findByNameOrId(override ?? value, touchpoints);
}

export function dateColumn(mapping: ImportMapping): string | undefined {
	if (mapping.kind === 'cases') return mapping.columns.opened;
	return mapping.columns.date;
}
