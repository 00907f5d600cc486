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
