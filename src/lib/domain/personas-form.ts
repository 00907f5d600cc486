import { z } from 'zod';
import { normaliseTags, PERSONA_LISTS, type PersonaListField } from './personas.js';

/**
 * The persona editor's fields as a form sends them (lists one item per line, tags separated by
 * commas), and their database row. The limits mirror the checks of 20261202150000_personas.sql.
 */
export const MAX_LIST_ITEMS = 30;
export const MAX_ITEM_LENGTH = 300;

/** One item per line: trimmed, empty lines dropped, repeats dropped. */
export function splitLines(text: string): string[] {
	const out: string[] = [];
	for (const line of text.split(/\r?\n/u)) {
		const item = line.trim().replace(/^[-•*]\s+/u, '');
		if (item && !out.includes(item)) out.push(item);
	}
	return out;
}

const list = (label: string) =>
	z
		.string()
		.default('')
		.transform(splitLines)
		.refine((items) => items.length <= MAX_LIST_ITEMS, `${label}: at most ${MAX_LIST_ITEMS} lines.`)
		.refine((items) => items.every((i) => i.length <= MAX_ITEM_LENGTH), `${label}: each line at most ${MAX_ITEM_LENGTH} characters.`);

const text = (max: number) => z.string().trim().max(max, `Use at most ${max.toLocaleString('en')} characters.`).default('');

export const personaFormSchema = z.object({
	name: z.string().trim().min(1, 'Give the persona a name.').max(120, 'Use at most 120 characters.'),
	role: text(200),
	quote: text(1000),
	ageRange: text(40),
	location: text(120),
	bio: text(2000),
	scenario: text(4000),
	techComfort: z
		.string()
		.default('')
		.transform((v) => (v === '' ? null : Number(v)))
		.refine((v) => v === null || (Number.isInteger(v) && v >= 1 && v <= 5), 'Choose a tech comfort from 1 to 5.'),
	tags: z.string().max(1000, 'Too many tags.').default('').transform(normaliseTags),
	goals: list('Goals'),
	pains: list('Pains'),
	motivations: list('Motivations'),
	behaviours: list('Behaviours'),
	channels: list('Channels'),
	needs: list('Needs')
});
export type PersonaInput = z.infer<typeof personaFormSchema>;

/** The columns of public.personas for an input. */
export function personaRow(input: PersonaInput): Record<string, unknown> {
	const row: Record<string, unknown> = {
		name: input.name,
		role: input.role,
		quote: input.quote,
		age_range: input.ageRange,
		location: input.location,
		bio: input.bio,
		scenario: input.scenario,
		tech_comfort: input.techComfort,
		tags: input.tags
	};
	for (const field of PERSONA_LISTS) row[field] = input[field];
	return row;
}

/** The form's text for a list field (the inverse of splitLines). */
export const joinLines = (items: string[]) => items.join('\n');
export type { PersonaListField };
