/**
 * A persona of the workspace library as plain data: what the persona card renders, what the
 * gallery filters and what presentation slides and shared pages show. No IO, no Svelte here.
 */

/** Tech comfort on a 1 (avoids technology) .. 5 (expert) scale; null = not set. */
export const TECH_COMFORT_LABELS = ['Avoids technology', 'Hesitant', 'Comfortable', 'Confident', 'Expert'] as const;

/** The list fields of a persona (one item per line in the editor). */
export const PERSONA_LISTS = ['goals', 'pains', 'motivations', 'behaviours', 'channels', 'needs'] as const;
export type PersonaListField = (typeof PERSONA_LISTS)[number];

export const PERSONA_LIST_LABELS: Record<PersonaListField, string> = {
	goals: 'Goals',
	pains: 'Pains and frustrations',
	motivations: 'Motivations',
	behaviours: 'Behaviours',
	channels: 'Preferred channels',
	needs: 'Needs'
};

/** Everything the persona card shows (the props of PersonaCard.svelte). */
export interface PersonaCardData {
	id: string;
	name: string;
	/** URL of the square photo (an app route that checks membership), or null: the generated avatar is shown. */
	photoUrl: string | null;
	quote: string;
	role: string;
	ageRange: string;
	location: string;
	bio: string;
	goals: string[];
	pains: string[];
	motivations: string[];
	behaviours: string[];
	channels: string[];
	/** 1..5 or null. */
	techComfort: number | null;
	needs: string[];
	scenario: string;
	tags: string[];
}

/** A persona row of the library (the card plus bookkeeping). */
export interface Persona extends PersonaCardData {
	workspaceId: string;
	archivedAt: string | null;
	createdAt: string;
	updatedAt: string;
}

/** Initials and a background colour derived from the id: the avatar drawn when there is no photo (no external service). */
export function avatarFor(id: string, name: string): { initials: string; background: string } {
	const words = name.trim().split(/\s+/u).filter(Boolean);
	const letters = words.length > 1 ? [words[0]!, words[words.length - 1]!] : words.slice(0, 1);
	const initials = letters.map((w) => [...w][0]!.toLocaleUpperCase()).join('') || '?';
	// FNV-1a over the id: stable, spread, and cheap.
	let hash = 0x811c9dc5;
	for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193) >>> 0;
	// Saturation and lightness fixed so white initials keep a contrast of at least 4.5:1.
	return { initials, background: `hsl(${hash % 360} 55% 30%)` };
}

export const MAX_TAGS = 12;
export const MAX_TAG_LENGTH = 30;

/** Tags from "Churn risk, mobile,  Mobile": trimmed, lower-cased, spaces collapsed, no repeats, at most 12 of 30 characters. */
export function normaliseTags(input: string | string[]): string[] {
	const raw = Array.isArray(input) ? input : input.split(',');
	const out: string[] = [];
	for (const item of raw) {
		const tag = item.trim().replace(/\s+/gu, ' ').toLocaleLowerCase().slice(0, MAX_TAG_LENGTH).trim();
		if (tag && !out.includes(tag)) out.push(tag);
		if (out.length === MAX_TAGS) break;
	}
	return out;
}

/** The gallery's filters, kept in the URL: `?q=<words>&tag=<tag>&tag=<tag>&archived=1`. */
export interface GalleryFilters {
	q: string;
	tags: string[];
	archived: boolean;
}

export function readGalleryFilters(params: Pick<URLSearchParams, 'get' | 'getAll'>): GalleryFilters {
	return { q: (params.get('q') ?? '').trim().slice(0, 200), tags: normaliseTags(params.getAll('tag')), archived: params.get('archived') === '1' };
}

/** The URL query of a set of filters (the inverse of readGalleryFilters; empty parts left out). */
export function galleryQuery(filters: GalleryFilters): string {
	const params = new URLSearchParams();
	if (filters.q) params.set('q', filters.q);
	for (const tag of filters.tags) params.append('tag', tag);
	if (filters.archived) params.set('archived', '1');
	const query = params.toString();
	return query ? `?${query}` : '';
}

/** Adds a tag to the filters, or removes it when it is there already. */
export const toggleTag = (filters: GalleryFilters, tag: string): GalleryFilters => ({
	...filters,
	tags: filters.tags.includes(tag) ? filters.tags.filter((t) => t !== tag) : [...filters.tags, tag]
});

const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase();

/**
 * The personas matching the filters: every word of `q` somewhere in the name, role, quote, bio,
 * location or tags (accents and case ignored), and every selected tag. Archived personas are
 * shown only with `archived` (and then only they).
 */
export function filterPersonas<P extends Pick<Persona, 'name' | 'role' | 'quote' | 'bio' | 'location' | 'tags' | 'archivedAt'>>(
	personas: P[],
	filters: GalleryFilters
): P[] {
	const words = fold(filters.q).split(/\s+/u).filter(Boolean);
	return personas.filter((p) => {
		if ((p.archivedAt !== null) !== filters.archived) return false;
		if (!filters.tags.every((t) => p.tags.includes(t))) return false;
		const haystack = fold([p.name, p.role, p.quote, p.bio, p.location, ...p.tags].join(' \n '));
		return words.every((w) => haystack.includes(w));
	});
}

/** Every tag of the library with how many personas carry it, most used first. */
export function tagCounts(personas: Pick<Persona, 'tags'>[]): { tag: string; count: number }[] {
	const counts = new Map<string, number>();
	for (const p of personas) for (const t of p.tags) counts.set(t, (counts.get(t) ?? 0) + 1);
	return [...counts].map(([tag, count]) => ({ tag, count })).sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag));
}
