/**
 * Matching names in a file to a journey's touchpoints (and personas).
 *
 * Names are compared after `normaliseName`: lower case, accents removed, every run of
 * non-letters/digits turned into one space, trimmed ("Check-in  (Web)" → "check in web").
 * Equal normalised names match. Otherwise suggestions are ranked by the Sørensen–Dice
 * coefficient of character bigrams of the normalised names:
 *
 *   dice(a, b) = 2 · |bigrams(a) ∩ bigrams(b)| / (|bigrams(a)| + |bigrams(b)|)
 *
 * counted as multisets, with spaces removed first ("check in" → ch he ec ck ki in). 1 means
 * the same bigrams, 0 none in common. A name with one character has its single character as
 * its only "bigram". Suggestions need a coefficient of at least SUGGESTION_THRESHOLD.
 */
import type { NamedRef } from './types.js';

export const SUGGESTION_THRESHOLD = 0.5;

export function normaliseName(value: string): string {
	return value
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^\p{L}\p{N}]+/gu, ' ')
		.trim();
}

function bigrams(normalised: string): Map<string, number> {
	const s = normalised.replace(/ /g, '');
	const grams = new Map<string, number>();
	if (s.length === 1) grams.set(s, 1);
	for (let i = 0; i < s.length - 1; i++) {
		const g = s.slice(i, i + 2);
		grams.set(g, (grams.get(g) ?? 0) + 1);
	}
	return grams;
}

/** Sørensen–Dice coefficient of the bigrams of two names (normalised here), 0..1. */
export function dice(a: string, b: string): number {
	const na = normaliseName(a);
	const nb = normaliseName(b);
	if (na === nb) return na === '' ? 0 : 1;
	const ga = bigrams(na);
	const gb = bigrams(nb);
	let sizeA = 0;
	let sizeB = 0;
	let common = 0;
	for (const n of ga.values()) sizeA += n;
	for (const [g, n] of gb) {
		sizeB += n;
		common += Math.min(n, ga.get(g) ?? 0);
	}
	return sizeA + sizeB === 0 ? 0 : (2 * common) / (sizeA + sizeB);
}

export interface Suggestion extends NamedRef {
	score: number;
}

/** Up to `limit` candidates most similar to `value`, best first, above the threshold. */
export function suggest(value: string, candidates: readonly NamedRef[], limit = 3): Suggestion[] {
	return candidates
		.map((c) => ({ id: c.id, name: c.name, score: Math.round(dice(value, c.name) * 1000) / 1000 }))
		.filter((s) => s.score >= SUGGESTION_THRESHOLD)
		.sort((a, b) => b.score - a.score || a.name.localeCompare(b.name))
		.slice(0, limit);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string) => UUID.test(value);

/** Finds a candidate by id or by normalised name; null when there is none. */
export function findByNameOrId(value: string, candidates: readonly NamedRef[]): NamedRef | null {
	const v = value.trim();
	if (isUuid(v)) return candidates.find((c) => c.id.toLowerCase() === v.toLowerCase()) ?? null;
	const n = normaliseName(v);
	if (n === '') return null;
	return candidates.find((c) => normaliseName(c.name) === n) ?? null;
}

/** A column header made readable as a touchpoint name: "inflight_wifi_service" → "Inflight wifi service". */
export function humaniseHeader(header: string): string {
	const words = header.replace(/[_\-.]+/g, ' ').replace(/\s+/g, ' ').trim();
	return words.charAt(0).toUpperCase() + words.slice(1);
}
