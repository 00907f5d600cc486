import * as Y from 'yjs';
import { CHANNELS, type Channel } from '#lib/domain/channels.js';
import {
	NOTE_KINDS,
	clampEmotion,
	type Emotion,
	type FlowEdge,
	type JourneyDocument,
	type Note,
	type NoteKind,
	type PersonaPlacement,
	type Stage,
	type Touchpoint
} from '#lib/domain/journey/model.js';

/*
 * The Yjs shape of a journey document. Entities live in maps keyed by id (so concurrent edits
 * of different entities never conflict), each entity a Y.Map of fields. Free text (names,
 * descriptions, notes, edge labels) is Y.Text, so two people typing in one field merge instead
 * of overwriting. Stage order is a Y.Array of ids.
 */
type Entity = Y.Map<unknown>;

export const roots = (doc: Y.Doc) => ({
	stageOrder: doc.getArray<string>('stageOrder'),
	stages: doc.getMap<Entity>('stages'),
	touchpoints: doc.getMap<Entity>('touchpoints'),
	personas: doc.getMap<Entity>('personas'),
	notes: doc.getMap<Entity>('notes'),
	edges: doc.getMap<Entity>('edges'),
	emotions: doc.getMap<number>('emotions')
});

const text = (entity: Entity, key: string) => {
	const value = entity.get(key);
	return value instanceof Y.Text ? value.toString() : typeof value === 'string' ? value : '';
};
const num = (entity: Entity, key: string) => {
	const value = entity.get(key);
	return typeof value === 'number' && Number.isFinite(value) ? value : 0;
};
const channelOf = (value: unknown): Channel => (CHANNELS.includes(value as Channel) ? (value as Channel) : 'other');
const noteKindOf = (value: unknown): NoteKind => (NOTE_KINDS.includes(value as NoteKind) ? (value as NoteKind) : 'idea');

/** Reads the whole document into plain data (what the canvas renders and exports hold). */
export function readDocument(doc: Y.Doc): JourneyDocument {
	const r = roots(doc);
	const seen = new Set<string>();
	const stages: Stage[] = [];
	// Concurrent reorders can leave an id twice in the order; the first wins.
	for (const id of r.stageOrder.toArray()) {
		const entity = r.stages.get(id);
		if (!entity || seen.has(id)) continue;
		seen.add(id);
		stages.push({ id, name: text(entity, 'name') });
	}
	const stageIds = new Set(stages.map((s) => s.id));
	const touchpoints: Touchpoint[] = [...r.touchpoints.entries()].map(([id, e]) => {
		const stageId = e.get('stageId');
		const personaIds = e.get('personaIds');
		return {
			id,
			stageId: typeof stageId === 'string' && stageIds.has(stageId) ? stageId : null,
			name: text(e, 'name'),
			channel: channelOf(e.get('channel')),
			description: text(e, 'description'),
			owner: text(e, 'owner'),
			momentOfTruth: e.get('momentOfTruth') === true,
			personaIds: Array.isArray(personaIds) ? personaIds.filter((p): p is string => typeof p === 'string') : [],
			x: num(e, 'x'),
			y: num(e, 'y')
		};
	});
	const personas: PersonaPlacement[] = [...r.personas.entries()].map(([id, e]) => ({
		id,
		personaId: String(e.get('personaId') ?? ''),
		name: text(e, 'name'),
		x: num(e, 'x'),
		y: num(e, 'y')
	}));
	const notes: Note[] = [...r.notes.entries()].map(([id, e]) => ({
		id,
		kind: noteKindOf(e.get('kind')),
		text: text(e, 'text'),
		x: num(e, 'x'),
		y: num(e, 'y')
	}));
	const nodeIds = new Set([...touchpoints.map((t) => t.id), ...personas.map((p) => p.id), ...notes.map((n) => n.id)]);
	const edges: FlowEdge[] = [...r.edges.entries()]
		.map(([id, e]) => ({ id, source: String(e.get('source') ?? ''), target: String(e.get('target') ?? ''), label: text(e, 'label') }))
		// An edge whose end was deleted concurrently is not drawn.
		.filter((e) => nodeIds.has(e.source) && nodeIds.has(e.target));
	const emotions: Record<string, Emotion> = {};
	for (const [stageId, value] of r.emotions.entries()) if (stageIds.has(stageId)) emotions[stageId] = clampEmotion(value);
	const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
	return { stages, touchpoints: touchpoints.sort(byId), personas: personas.sort(byId), notes: notes.sort(byId), edges: edges.sort(byId), emotions };
}

const yText = (value: string) => new Y.Text(value);

export function stageEntity(stage: Stage): Entity {
	return new Y.Map<unknown>([['name', yText(stage.name)]]);
}

export function touchpointEntity(tp: Omit<Touchpoint, 'id'>): Entity {
	return new Y.Map<unknown>([
		['stageId', tp.stageId],
		['name', yText(tp.name)],
		['channel', tp.channel],
		['description', yText(tp.description)],
		['owner', yText(tp.owner)],
		['momentOfTruth', tp.momentOfTruth],
		['personaIds', tp.personaIds],
		['x', tp.x],
		['y', tp.y]
	]);
}

export function personaEntity(p: Omit<PersonaPlacement, 'id'>): Entity {
	return new Y.Map<unknown>([
		['personaId', p.personaId],
		['name', yText(p.name)],
		['x', p.x],
		['y', p.y]
	]);
}

export function noteEntity(n: Omit<Note, 'id'>): Entity {
	return new Y.Map<unknown>([
		['kind', n.kind],
		['text', yText(n.text)],
		['x', n.x],
		['y', n.y]
	]);
}

export function edgeEntity(e: Omit<FlowEdge, 'id'>): Entity {
	return new Y.Map<unknown>([
		['source', e.source],
		['target', e.target],
		['label', yText(e.label)]
	]);
}

/** Fills an empty Y.Doc from plain data (new journeys, templates, imports, duplicates). */
export function writeDocument(doc: Y.Doc, data: JourneyDocument, origin: unknown = null): void {
	const r = roots(doc);
	doc.transact(() => {
		r.stageOrder.push(data.stages.map((s) => s.id));
		for (const s of data.stages) r.stages.set(s.id, stageEntity(s));
		for (const { id, ...tp } of data.touchpoints) r.touchpoints.set(id, touchpointEntity(tp));
		for (const { id, ...p } of data.personas) r.personas.set(id, personaEntity(p));
		for (const { id, ...n } of data.notes) r.notes.set(id, noteEntity(n));
		for (const { id, ...e } of data.edges) r.edges.set(id, edgeEntity(e));
		for (const [stageId, value] of Object.entries(data.emotions)) r.emotions.set(stageId, value);
	}, origin);
}

/**
 * Replaces the content of a Y.Text with the smallest edit (common prefix and suffix kept), so a
 * rename typed by one person merges with another person's edit elsewhere in the same field.
 */
export function replaceText(target: Y.Text, next: string): void {
	const current = target.toString();
	if (current === next) return;
	let start = 0;
	while (start < current.length && start < next.length && current[start] === next[start]) start++;
	let endCurrent = current.length;
	let endNext = next.length;
	while (endCurrent > start && endNext > start && current[endCurrent - 1] === next[endNext - 1]) {
		endCurrent--;
		endNext--;
	}
	if (endCurrent > start) target.delete(start, endCurrent - start);
	if (endNext > start) target.insert(start, next.slice(start, endNext));
}

/** Encodes the full state for storage; decodes stored state into a fresh Y.Doc. */
export const encodeState = (doc: Y.Doc) => Y.encodeStateAsUpdate(doc);
export function decodeState(state: Uint8Array): Y.Doc {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, state);
	return doc;
}

/**
 * Makes the document equal to `data` with as few changes as possible (restoring a version).
 * Entities that are already equal are left alone, so people's selections, and edits they make
 * elsewhere at the same moment, survive the restore. Everyone receives it as one update.
 */
export function replaceDocument(doc: Y.Doc, data: JourneyDocument, origin: unknown = null): void {
	const current = readDocument(doc);
	const r = roots(doc);
	doc.transact(() => {
		syncEntities(r.stages, current.stages, data.stages, stageEntity);
		syncEntities(r.touchpoints, current.touchpoints, data.touchpoints, ({ id: _id, ...tp }) => touchpointEntity(tp));
		syncEntities(r.personas, current.personas, data.personas, ({ id: _id, ...p }) => personaEntity(p));
		syncEntities(r.notes, current.notes, data.notes, ({ id: _id, ...n }) => noteEntity(n));
		syncEntities(r.edges, current.edges, data.edges, ({ id: _id, ...e }) => edgeEntity(e));
		const order = data.stages.map((s) => s.id);
		if (r.stageOrder.toArray().join() !== order.join()) {
			r.stageOrder.delete(0, r.stageOrder.length);
			r.stageOrder.push(order);
		}
		for (const stageId of [...r.emotions.keys()]) if (!(stageId in data.emotions)) r.emotions.delete(stageId);
		for (const [stageId, value] of Object.entries(data.emotions)) if (r.emotions.get(stageId) !== value) r.emotions.set(stageId, value);
	}, origin);
}

function syncEntities<T extends { id: string }>(map: Y.Map<Entity>, current: T[], next: T[], entity: (item: T) => Entity) {
	const before = new Map(current.map((item) => [item.id, JSON.stringify(item)]));
	const wanted = new Set(next.map((item) => item.id));
	for (const id of [...map.keys()]) if (!wanted.has(id)) map.delete(id);
	for (const item of next) if (before.get(item.id) !== JSON.stringify(item)) map.set(item.id, entity(item));
}
