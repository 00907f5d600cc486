import { laneHeight } from '#lib/domain/journey/layout.js';
import { LANE, TOUCHPOINT_SIZE, laneX, type JourneyDocument } from '#lib/domain/journey/model.js';
import type { MetricBadge } from '#lib/domain/metrics/targets.js';
import { worstPerStage, type FrictionMark } from '#lib/domain/friction/overlay.js';
import type { StageExperience } from '#lib/data/friction.js';
import type { Position } from '@xyflow/svelte';
import { EMOTION_NODE_ID, LANE_PREFIX, type CanvasEdge, type CanvasNode } from './types.js';

export const EMOTION_HEIGHT = 150;

interface MapOptions {
	readOnly: boolean;
	/** Nodes currently selected (kept across rebuilds). */
	selected: ReadonlySet<string>;
	/** Nodes other people have selected, with their colour. */
	remote?: ReadonlyMap<string, string>;
	/** Open comment threads per node. */
	comments?: ReadonlyMap<string, number>;
	/** Open actions per node (touchpoint or note). */
	actions?: ReadonlyMap<string, number>;
	/** Metric badges per touchpoint (from touchpoint_metrics against the targets). */
	badges?: ReadonlyMap<string, MetricBadge[]>;
	/** With the friction overlay on: friction per touchpoint, and the experience curve per stage. */
	friction?: ReadonlyMap<string, FrictionMark> | null;
	experience?: readonly StageExperience[] | null;
	/** Sizes Svelte Flow measured on the previous nodes: kept, so a rebuild does not make it measure them again. */
	measured?: ReadonlyMap<string, { width?: number; height?: number }>;
}

const NO_BADGES: MetricBadge[] = [];
const NO_COUNTS: ReadonlyMap<string, number> = new Map();

/**
 * Where a touchpoint's two handles are, relative to the node at its fixed size (measured in
 * Chromium: 12 px handles centred on the left and right borders). Svelte Flow renders every node
 * it has no handle positions for, in view or not, to measure it: without these, opening a
 * 2,000-touchpoint map (and every rebuild that dropped the measurements) built all 2,000 node
 * components although only the ~60 in view stay (bench/canvas.ts: reopen 1.6 s → 0.6-1.1 s).
 * Given only to nodes not measured yet; a measured node keeps the handles read from its DOM
 * (nodes of other kinds are few and are still rendered once to be measured).
 */
export const TOUCHPOINT_HANDLES: NonNullable<CanvasNode['handles']> = [
	{ type: 'target', position: 'left' as Position.Left, x: -5, y: 32, width: 12, height: 12 },
	{ type: 'source', position: 'right' as Position.Right, x: TOUCHPOINT_SIZE.width - 7, y: 32, width: 12, height: 12 }
];

/**
 * The journey document as Svelte Flow nodes: lanes first (drawn behind), then touchpoints,
 * notes and personas, then the emotion lane below. Pure: the same document gives equal nodes.
 */
export function toFlowNodes(doc: JourneyDocument, { readOnly, selected, remote, comments, actions, badges, friction, experience, measured }: MapOptions): CanvasNode[] {
	const counts = { comments: comments ?? NO_COUNTS, actions: actions ?? NO_COUNTS };
	const nodes = buildNodes(doc, readOnly, selected, counts, badges ?? new Map(), friction ?? null, experience ?? null);
	// Fresh objects from buildNodes: filled in place (see TOUCHPOINT_HANDLES). A touchpoint not
	// measured yet also gets its fixed size as measured: fitView waits until every node has one.
	for (const node of nodes) {
		const size = measured?.get(node.id);
		if (size) node.measured = size;
		else if (node.type === 'touchpoint') {
			node.handles = TOUCHPOINT_HANDLES;
			node.measured = { ...TOUCHPOINT_SIZE };
		}
	}
	if (!remote || remote.size === 0) return nodes;
	// Someone else's selection: an outline in their colour.
	return nodes.map((n) => (remote.has(n.id) ? { ...n, class: 'remote-selected', style: `--peer: ${remote.get(n.id)}` } : n));
}

function buildNodes(
	doc: JourneyDocument,
	readOnly: boolean,
	selected: ReadonlySet<string>,
	counts: { comments: ReadonlyMap<string, number>; actions: ReadonlyMap<string, number> },
	badges: ReadonlyMap<string, MetricBadge[]>,
	friction: ReadonlyMap<string, FrictionMark> | null,
	experience: readonly StageExperience[] | null
): CanvasNode[] {
	const height = laneHeight(doc);
	const worst = friction ? worstPerStage(doc.touchpoints, friction) : null;
	const placement = new Map(doc.personas.map((p) => [p.id, p.name]));
	const nodes: CanvasNode[] = doc.stages.map((stage, index) => ({
		id: LANE_PREFIX + stage.id,
		type: 'lane',
		position: { x: laneX(index), y: LANE.top },
		data: { stage, index, height, worst: worst?.get(stage.id) },
		width: LANE.width,
		height,
		zIndex: -1,
		draggable: !readOnly,
		selectable: true,
		selected: selected.has(LANE_PREFIX + stage.id),
		ariaLabel: `Stage ${index + 1}: ${stage.name}`
	}));
	for (const tp of doc.touchpoints) {
		nodes.push({
			id: tp.id,
			type: 'touchpoint',
			position: { x: tp.x, y: tp.y },
			data: {
				touchpoint: tp,
				personaNames: tp.personaIds.map((id) => placement.get(id)).filter((n): n is string => !!n),
				comments: counts.comments.get(tp.id) ?? 0,
				actions: counts.actions.get(tp.id) ?? 0,
				badges: badges.get(tp.id) ?? NO_BADGES,
				friction: friction?.get(tp.id) ?? null
			},
			width: TOUCHPOINT_SIZE.width,
			height: TOUCHPOINT_SIZE.height,
			draggable: !readOnly,
			selected: selected.has(tp.id),
			ariaLabel: `Touchpoint ${tp.name} (${tp.channel})`
		});
	}
	for (const note of doc.notes) {
		nodes.push({
			id: note.id,
			type: 'note',
			position: { x: note.x, y: note.y },
			data: { note, comments: counts.comments.get(note.id) ?? 0, actions: counts.actions.get(note.id) ?? 0 },
			draggable: !readOnly,
			selected: selected.has(note.id),
			ariaLabel: `${note.kind} note: ${note.text}`
		});
	}
	for (const persona of doc.personas) {
		nodes.push({
			id: persona.id,
			type: 'persona',
			position: { x: persona.x, y: persona.y },
			data: { persona },
			draggable: !readOnly,
			selected: selected.has(persona.id),
			ariaLabel: `Persona ${persona.name}`
		});
	}
	if (doc.stages.length > 0) {
		nodes.push({
			id: EMOTION_NODE_ID,
			type: 'emotion',
			position: { x: 0, y: LANE.top + height + LANE.gap },
			data: { stages: doc.stages, emotions: doc.emotions, experience },
			width: laneX(doc.stages.length) - LANE.gap,
			height: EMOTION_HEIGHT,
			draggable: false,
			selectable: false,
			deletable: false,
			ariaLabel: 'Expected emotion per stage'
		});
	}
	return nodes;
}

export function toFlowEdges(doc: JourneyDocument, selected: ReadonlySet<string>): CanvasEdge[] {
	// Persona links are drawn as dashed edges from the persona to each linked touchpoint.
	const links: CanvasEdge[] = doc.touchpoints.flatMap((tp) =>
		tp.personaIds.map((personaId) => ({
			id: `link:${personaId}:${tp.id}`,
			source: personaId,
			target: tp.id,
			type: 'labelled' as const,
			data: { label: '' },
			selected: selected.has(`link:${personaId}:${tp.id}`),
			ariaLabel: 'Persona link'
		}))
	);
	return links.concat(doc.edges.map((edge) => ({
		id: edge.id,
		source: edge.source,
		target: edge.target,
		type: 'labelled',
		data: { label: edge.label },
		selected: selected.has(edge.id),
		ariaLabel: edge.label ? `Flow: ${edge.label}` : 'Flow'
	})));
}
