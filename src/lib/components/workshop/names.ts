import type { JourneyDocument } from '#lib/domain/journey/model.js';

/** What a voted node is called in the results and on its dot button: a touchpoint's name, a note's first words. */
export const noteName = (text: string) => {
	const words = text.trim().replace(/\s+/g, ' ');
	return words.length > 48 ? `${words.slice(0, 47)}…` : words || 'Untitled note';
};

export function nodeNames(doc: JourneyDocument): Map<string, string> {
	return new Map([...doc.touchpoints.map((t) => [t.id, t.name || 'Untitled touchpoint'] as const), ...doc.notes.map((n) => [n.id, noteName(n.text)] as const)]);
}
