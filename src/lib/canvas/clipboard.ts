import type { JourneyDocument, Note, PersonaPlacement, Touchpoint, FlowEdge } from '#lib/domain/journey/model.js';

/** What copy puts on the clipboard: selected nodes and the edges between them. */
export interface Fragment {
	format: 'journey-studio/fragment';
	touchpoints: Touchpoint[];
	notes: Note[];
	personas: PersonaPlacement[];
	edges: FlowEdge[];
}

export function copyFragment(doc: JourneyDocument, ids: ReadonlySet<string>): Fragment {
	const touchpoints = doc.touchpoints.filter((t) => ids.has(t.id));
	const notes = doc.notes.filter((n) => ids.has(n.id));
	const personas = doc.personas.filter((p) => ids.has(p.id));
	const kept = new Set([...touchpoints, ...notes, ...personas].map((n) => n.id));
	const edges = doc.edges.filter((e) => kept.has(e.source) && kept.has(e.target));
	return { format: 'journey-studio/fragment', touchpoints, notes, personas, edges };
}

/**
 * A pasteable copy of a fragment: fresh ids (touchpoint ids are database keys, they must never
 * repeat), shifted by `offset`, stage links kept only when the stage exists in `doc` (pasting
 * into another journey leaves touchpoints unstaged until dropped into a lane).
 */
export function prepareFragment(fragment: Fragment, doc: JourneyDocument, offset: number, newId: () => string): Fragment {
	const ids = new Map<string, string>();
	const fresh = (old: string) => {
		if (!ids.has(old)) ids.set(old, newId());
		return ids.get(old)!;
	};
	const stageIds = new Set(doc.stages.map((s) => s.id));
	const shift = <T extends { x: number; y: number }>(n: T) => ({ ...n, x: n.x + offset, y: n.y + offset });
	const personas = fragment.personas.map((p) => shift({ ...p, id: fresh(p.id) }));
	return {
		format: 'journey-studio/fragment',
		personas,
		touchpoints: fragment.touchpoints.map((t) =>
			shift({
				...t,
				id: fresh(t.id),
				stageId: t.stageId && stageIds.has(t.stageId) ? t.stageId : null,
				personaIds: t.personaIds.filter((p) => ids.has(p)).map((p) => ids.get(p)!)
			})
		),
		notes: fragment.notes.map((n) => shift({ ...n, id: fresh(n.id) })),
		edges: fragment.edges.map((e) => ({ ...e, id: newId(), source: fresh(e.source), target: fresh(e.target) }))
	};
}

export function isFragment(value: unknown): value is Fragment {
	return typeof value === 'object' && value !== null && (value as Fragment).format === 'journey-studio/fragment';
}
