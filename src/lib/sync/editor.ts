import * as Y from 'yjs';
import type { Channel } from '#lib/domain/channels.js';
import { arrangeTouchpoints, nextSlotInStage } from '#lib/domain/journey/layout.js';
import { clampEmotion, laneX, type FlowEdge, type Note, type NoteKind, type PersonaPlacement, type Point, type Touchpoint } from '#lib/domain/journey/model.js';
import { edgeEntity, noteEntity, personaEntity, readDocument, replaceText, roots, stageEntity, touchpointEntity } from './ydoc.js';

/** Marks transactions made by this user, so the undo manager tracks them and nothing else. */
export const LOCAL_ORIGIN = Symbol('local-edit');

type NewId = () => string;

/**
 * Every edit a person can make to a journey map, each one Yjs transaction tagged with the local
 * origin (one undo step). Knows nothing about Svelte or the network.
 */
export class JourneyEditor {
	private readonly r: ReturnType<typeof roots>;
	readonly undoManager: Y.UndoManager;

	constructor(
		readonly doc: Y.Doc,
		private readonly newId: NewId = () => crypto.randomUUID()
	) {
		this.r = roots(doc);
		this.undoManager = new Y.UndoManager(
			[this.r.stageOrder, this.r.stages, this.r.touchpoints, this.r.personas, this.r.notes, this.r.edges, this.r.emotions],
			// Only this user's edits are undoable: remote changes never enter the stack.
			{ trackedOrigins: new Set([LOCAL_ORIGIN]), captureTimeout: 400 }
		);
	}

	/** One command = one transaction = one undo step (never merged with the previous command). */
	private change<T>(fn: () => T): T {
		this.undoManager.stopCapturing();
		let result!: T;
		this.doc.transact(() => {
			result = fn();
		}, LOCAL_ORIGIN);
		return result;
	}

	undo = () => this.undoManager.undo();
	redo = () => this.undoManager.redo();
	/** Ends the current undo step (so the next edit is undone separately). */
	checkpoint = () => this.undoManager.stopCapturing();

	addStage(name: string, index?: number): string {
		const id = this.newId();
		this.change(() => {
			this.r.stages.set(id, stageEntity({ id, name }));
			const at = index === undefined ? this.r.stageOrder.length : Math.max(0, Math.min(index, this.r.stageOrder.length));
			this.r.stageOrder.insert(at, [id]);
		});
		return id;
	}

	renameStage(id: string, name: string) {
		const text = this.r.stages.get(id)?.get('name');
		if (text instanceof Y.Text) this.change(() => replaceText(text, name));
	}

	/** Moves a stage to a new position; its touchpoints, notes and personas keep their lane. */
	moveStage(id: string, toIndex: number) {
		const doc = readDocument(this.doc);
		const from = doc.stages.findIndex((s) => s.id === id);
		if (from < 0) return;
		const to = Math.max(0, Math.min(toIndex, doc.stages.length - 1));
		if (from === to) return;
		const order = doc.stages.map((s) => s.id);
		order.splice(from, 1);
		order.splice(to, 0, id);
		this.change(() => {
			this.r.stageOrder.delete(0, this.r.stageOrder.length);
			this.r.stageOrder.insert(0, order);
			// Touchpoints travel with their lane, keeping their place inside it.
			for (const tp of doc.touchpoints) {
				if (!tp.stageId) continue;
				const shift = laneX(order.indexOf(tp.stageId)) - laneX(doc.stages.findIndex((st) => st.id === tp.stageId));
				if (shift !== 0) this.r.touchpoints.get(tp.id)?.set('x', tp.x + shift);
			}
		});
	}

	/** Removes a stage and the touchpoints in it (undoable). */
	removeStage(id: string) {
		const doc = readDocument(this.doc);
		this.change(() => {
			const index = this.r.stageOrder.toArray().indexOf(id);
			if (index >= 0) this.r.stageOrder.delete(index, 1);
			this.r.stages.delete(id);
			this.r.emotions.delete(id);
			this.deleteNodes(doc.touchpoints.filter((t) => t.stageId === id).map((t) => t.id));
		});
	}

	addTouchpoint(input: { stageId: string | null; name: string; channel?: Channel; at?: Point }): string {
		const id = this.newId();
		const doc = readDocument(this.doc);
		const at = input.at ?? (input.stageId ? nextSlotInStage(doc, input.stageId) : { x: 0, y: 0 });
		this.change(() =>
			this.r.touchpoints.set(
				id,
				touchpointEntity({
					stageId: input.stageId,
					name: input.name,
					channel: input.channel ?? 'web',
					description: '',
					owner: '',
					momentOfTruth: false,
					personaIds: [],
					x: at.x,
					y: at.y
				})
			)
		);
		return id;
	}

	updateTouchpoint(id: string, patch: Partial<Omit<Touchpoint, 'id'>>) {
		const entity = this.r.touchpoints.get(id);
		if (!entity) return;
		this.change(() => {
			for (const [key, value] of Object.entries(patch)) {
				const current = entity.get(key);
				if (current instanceof Y.Text && typeof value === 'string') replaceText(current, value);
				else entity.set(key, value);
			}
		});
	}

	addNote(kind: NoteKind, at: Point, text = ''): string {
		const id = this.newId();
		this.change(() => this.r.notes.set(id, noteEntity({ kind, text, x: at.x, y: at.y })));
		return id;
	}

	updateNote(id: string, patch: { text?: string; kind?: NoteKind }) {
		const entity = this.r.notes.get(id);
		if (!entity) return;
		this.change(() => {
			const text = entity.get('text');
			if (patch.text !== undefined && text instanceof Y.Text) replaceText(text, patch.text);
			if (patch.kind) entity.set('kind', patch.kind);
		});
	}

	placePersona(personaId: string, name: string, at: Point): string {
		const id = this.newId();
		this.change(() => this.r.personas.set(id, personaEntity({ personaId, name, x: at.x, y: at.y })));
		return id;
	}

	/** Links (or unlinks) a placed persona to a touchpoint. */
	togglePersonaLink(touchpointId: string, placementId: string) {
		const entity = this.r.touchpoints.get(touchpointId);
		if (!entity) return;
		const current = (entity.get('personaIds') as string[] | undefined) ?? [];
		const next = current.includes(placementId) ? current.filter((p) => p !== placementId) : [...current, placementId];
		this.change(() => entity.set('personaIds', next));
	}

	/** Connects two nodes. Refuses self-loops and duplicates; returns the edge id or null. */
	connect(source: string, target: string, label = ''): string | null {
		if (source === target) return null;
		const doc = readDocument(this.doc);
		if (doc.edges.some((e) => e.source === source && e.target === target)) return null;
		const id = this.newId();
		this.change(() => this.r.edges.set(id, edgeEntity({ source, target, label })));
		return id;
	}

	setEdgeLabel(id: string, label: string) {
		const text = this.r.edges.get(id)?.get('label');
		if (text instanceof Y.Text) this.change(() => replaceText(text, label));
	}

	setEmotion(stageId: string, value: number) {
		if (!this.r.stages.has(stageId)) return;
		this.change(() => this.r.emotions.set(stageId, clampEmotion(value)));
	}

	/** Stores node positions after a drag (one undo step for the whole drag). */
	moveNodes(moves: { id: string; x: number; y: number; stageId?: string | null }[]) {
		this.change(() => {
			for (const move of moves) {
				const entity = this.r.touchpoints.get(move.id) ?? this.r.notes.get(move.id) ?? this.r.personas.get(move.id);
				if (!entity) continue;
				entity.set('x', Math.round(move.x));
				entity.set('y', Math.round(move.y));
				if (move.stageId !== undefined && this.r.touchpoints.has(move.id)) entity.set('stageId', move.stageId);
			}
		});
	}

	/** Deletes nodes and edges (and the edges that touch deleted nodes). */
	remove(ids: string[]) {
		this.change(() => this.deleteNodes(ids));
	}

	/** Adds a prepared fragment (paste, duplicate) in one undo step. */
	insertFragment(fragment: { touchpoints: Touchpoint[]; notes: Note[]; personas: PersonaPlacement[]; edges: FlowEdge[] }) {
		this.change(() => {
			for (const { id, ...tp } of fragment.touchpoints) this.r.touchpoints.set(id, touchpointEntity(tp));
			for (const { id, ...n } of fragment.notes) this.r.notes.set(id, noteEntity(n));
			for (const { id, ...p } of fragment.personas) this.r.personas.set(id, personaEntity(p));
			for (const { id, ...e } of fragment.edges) this.r.edges.set(id, edgeEntity(e));
		});
	}

	arrange() {
		this.change(() => this.applyArrangement(readDocument(this.doc)));
	}

	private applyArrangement(doc: ReturnType<typeof readDocument>) {
		for (const [id, point] of arrangeTouchpoints(doc)) {
			const entity = this.r.touchpoints.get(id);
			entity?.set('x', point.x);
			entity?.set('y', point.y);
		}
	}

	private deleteNodes(ids: string[]) {
		const gone = new Set(ids);
		for (const id of ids) {
			this.r.touchpoints.delete(id);
			this.r.notes.delete(id);
			this.r.personas.delete(id);
			this.r.edges.delete(id);
		}
		for (const [edgeId, edge] of this.r.edges.entries()) {
			if (gone.has(String(edge.get('source'))) || gone.has(String(edge.get('target')))) this.r.edges.delete(edgeId);
		}
	}
}
