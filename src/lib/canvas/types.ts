import type { Edge, Node } from '@xyflow/svelte';
import type { MetricBadge } from '#lib/domain/metrics/targets.js';
import type { FrictionMark } from '#lib/domain/friction/overlay.js';
import type { StageExperience } from '#lib/data/friction.js';
import type { Emotion, JourneyDocument, Note, PersonaPlacement, Stage, Touchpoint } from '#lib/domain/journey/model.js';

export type LaneNode = Node<{ stage: Stage; index: number; height: number; worst?: string }, 'lane'>;
export type TouchpointNode = Node<
	{ touchpoint: Touchpoint; personaNames: string[]; comments: number; actions: number; badges: MetricBadge[]; friction: FrictionMark | null },
	'touchpoint'
>;
export type PersonaNode = Node<{ persona: PersonaPlacement }, 'persona'>;
export type NoteNode = Node<{ note: Note; comments: number; actions: number }, 'note'>;
export type EmotionNode = Node<{ stages: Stage[]; emotions: Record<string, Emotion>; experience: readonly StageExperience[] | null }, 'emotion'>;
export type CanvasNode = LaneNode | TouchpointNode | PersonaNode | NoteNode | EmotionNode;
export type CanvasEdge = Edge<{ label: string }, 'labelled'>;

export type { JourneyDocument };

export const LANE_PREFIX = 'lane:';
export const EMOTION_NODE_ID = 'emotion-lane';
