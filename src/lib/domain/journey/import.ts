import { z } from 'zod';
import { CHANNELS } from '../channels.js';
import { NOTE_KINDS, clampEmotion, type JourneyDocument } from './model.js';

const text = (max: number) => z.string().max(max, `longer than ${max} characters`);
const coordinate = z.number().finite().min(-1e6).max(1e6);
const id = z.string().min(1).max(100);

const documentSchema = z.object({
	stages: z.array(z.object({ id, name: text(200) })).max(200),
	touchpoints: z
		.array(
			z.object({
				id,
				stageId: id.nullable(),
				name: text(200),
				channel: z.enum(CHANNELS),
				description: text(5000).default(''),
				owner: text(200).default(''),
				momentOfTruth: z.boolean().default(false),
				personaIds: z.array(id).max(50).default([]),
				x: coordinate,
				y: coordinate
			})
		)
		.max(5000),
	personas: z.array(z.object({ id, personaId: z.string().max(100), name: text(120), x: coordinate, y: coordinate })).max(200).default([]),
	notes: z.array(z.object({ id, kind: z.enum(NOTE_KINDS), text: text(5000), x: coordinate, y: coordinate })).max(2000).default([]),
	edges: z.array(z.object({ id, source: id, target: id, label: text(200).default('') })).max(10000).default([]),
	emotions: z.record(z.string(), z.number().min(-2).max(2).transform(clampEmotion)).default({})
});

export const journeyFileSchema = z.object({
	format: z.literal('journey-studio/journey', { message: 'not a Journey Studio export (format)' }),
	version: z.literal(1, { message: 'unsupported export version' }),
	name: z.string().trim().min(1, 'the journey has no name').max(200),
	description: text(5000).default(''),
	document: documentSchema
});

export type JourneyFile = z.infer<typeof journeyFileSchema>;

/** Parses an uploaded export. Returns the file or a message naming the first problem and where. */
export function parseJourneyFile(raw: string): { ok: true; file: JourneyFile } | { ok: false; message: string } {
	let json: unknown;
	try {
		json = JSON.parse(raw);
	} catch (error) {
		return { ok: false, message: `The file is not valid JSON (${error instanceof Error ? error.message : 'parse error'}).` };
	}
	const result = journeyFileSchema.safeParse(json);
	if (!result.success) {
		const issue = result.error.issues[0]!;
		return { ok: false, message: `The file is not a valid journey export: ${issue.path.join('.') || 'file'} is ${issue.message}.` };
	}
	return { ok: true, file: result.data };
}

/**
 * Gives every entity a fresh id (touchpoint ids are database keys: an import or a duplicate must
 * never reuse them) and drops references to things that are not in the document.
 */
export function withFreshIds(doc: JourneyDocument, newId: () => string): JourneyDocument {
	const map = new Map<string, string>();
	const fresh = (old: string) => map.get(old) ?? (map.set(old, newId()), map.get(old)!);
	const stages = doc.stages.map((s) => ({ ...s, id: fresh(s.id) }));
	const stageIds = new Set(doc.stages.map((s) => s.id));
	const personas = doc.personas.map((p) => ({ ...p, id: fresh(p.id) }));
	const personaIds = new Set(doc.personas.map((p) => p.id));
	const touchpoints = doc.touchpoints.map((t) => ({
		...t,
		id: fresh(t.id),
		stageId: t.stageId && stageIds.has(t.stageId) ? fresh(t.stageId) : null,
		personaIds: t.personaIds.filter((p) => personaIds.has(p)).map(fresh)
	}));
	const notes = doc.notes.map((n) => ({ ...n, id: fresh(n.id) }));
	const nodeIds = new Set([...doc.touchpoints, ...doc.personas, ...doc.notes].map((n) => n.id));
	const edges = doc.edges
		.filter((e) => nodeIds.has(e.source) && nodeIds.has(e.target) && e.source !== e.target)
		.map((e) => ({ ...e, id: newId(), source: fresh(e.source), target: fresh(e.target) }));
	const emotions = Object.fromEntries(
		Object.entries(doc.emotions)
			.filter(([stageId]) => stageIds.has(stageId))
			.map(([stageId, value]) => [fresh(stageId), clampEmotion(value)])
	);
	return { stages, touchpoints, personas, notes, edges, emotions };
}
