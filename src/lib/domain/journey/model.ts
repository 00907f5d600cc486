import type { Channel } from '../channels.js';

/**
 * The journey map as plain data: what the canvas shows, what the Yjs document stores, what an
 * export file holds. No Svelte, no Yjs, no IO here.
 */
export const NOTE_KINDS = ['pain', 'opportunity', 'idea', 'question'] as const;
export type NoteKind = (typeof NOTE_KINDS)[number];
export const NOTE_LABELS: Record<NoteKind, string> = {
	pain: 'Pain point',
	opportunity: 'Opportunity',
	idea: 'Idea',
	question: 'Question'
};

/** Expected feeling at a stage: -2 (very negative) .. +2 (very positive). */
export type Emotion = -2 | -1 | 0 | 1 | 2;

export interface Point {
	x: number;
	y: number;
}

export interface Stage {
	id: string;
	name: string;
}

export interface Touchpoint extends Point {
	id: string;
	stageId: string | null;
	name: string;
	channel: Channel;
	description: string;
	owner: string;
	momentOfTruth: boolean;
	/** Persona placements (ids of PersonaPlacement) this touchpoint is linked to. */
	personaIds: string[];
}

/** A persona of the workspace library placed on this map. */
export interface PersonaPlacement extends Point {
	id: string;
	personaId: string;
	name: string;
}

export interface Note extends Point {
	id: string;
	kind: NoteKind;
	text: string;
}

export interface FlowEdge {
	id: string;
	source: string;
	target: string;
	label: string;
}

export interface JourneyDocument {
	/** In display order. */
	stages: Stage[];
	touchpoints: Touchpoint[];
	personas: PersonaPlacement[];
	notes: Note[];
	edges: FlowEdge[];
	/** Expected emotion per stage id. */
	emotions: Record<string, Emotion>;
}

export const emptyDocument = (): JourneyDocument => ({
	stages: [],
	touchpoints: [],
	personas: [],
	notes: [],
	edges: [],
	emotions: {}
});

export const clampEmotion = (value: number): Emotion => Math.max(-2, Math.min(2, Math.round(value))) as Emotion;

/** Lane geometry shared by the layout, the canvas and the stage hit-test. */
export const LANE = { width: 280, gap: 24, headerHeight: 56, padding: 20, top: 0 } as const;
export const TOUCHPOINT_SIZE = { width: 236, height: 76 } as const;

export const laneX = (index: number) => index * (LANE.width + LANE.gap);

/** The stage whose lane contains the horizontal centre of a node, or null outside all lanes. */
export function stageAt(stages: Stage[], centreX: number): string | null {
	const index = Math.floor(centreX / (LANE.width + LANE.gap));
	const withinLane = centreX - laneX(index) <= LANE.width;
	return index >= 0 && index < stages.length && withinLane ? stages[index]!.id : null;
}
