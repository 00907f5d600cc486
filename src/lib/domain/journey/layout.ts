import { LANE, TOUCHPOINT_SIZE, laneX, type JourneyDocument, type Point } from './model.js';

const ROW = TOUCHPOINT_SIZE.height + 16;

/**
 * Auto-arrange: every touchpoint into its stage's column, stacked in its current vertical order,
 * no overlaps. Touchpoints without a stage go to a column right of the last lane. Pure: returns
 * the new positions by id.
 */
export function arrangeTouchpoints(doc: JourneyDocument): Map<string, Point> {
	const positions = new Map<string, Point>();
	const columns = new Map<string | null, typeof doc.touchpoints>();
	for (const tp of doc.touchpoints) {
		const key = doc.stages.some((s) => s.id === tp.stageId) ? tp.stageId : null;
		columns.set(key, [...(columns.get(key) ?? []), tp]);
	}
	const place = (index: number, items: typeof doc.touchpoints) => {
		[...items]
			.sort((a, b) => a.y - b.y || a.x - b.x || a.id.localeCompare(b.id))
			.forEach((tp, row) => {
				positions.set(tp.id, {
					x: laneX(index) + (LANE.width - TOUCHPOINT_SIZE.width) / 2,
					y: LANE.top + LANE.headerHeight + LANE.padding + row * ROW
				});
			});
	};
	doc.stages.forEach((stage, index) => place(index, columns.get(stage.id) ?? []));
	place(doc.stages.length, columns.get(null) ?? []);
	return positions;
}

/** Height the lanes need to hold every node, so all lanes are drawn equally tall. */
export function laneHeight(doc: JourneyDocument): number {
	const bottoms = [...doc.touchpoints, ...doc.notes, ...doc.personas].map((n) => n.y + TOUCHPOINT_SIZE.height);
	return Math.max(360, ...bottoms) + LANE.padding * 2;
}

/** Where a new touchpoint added to a stage goes: below the lowest one in that lane. */
export function nextSlotInStage(doc: JourneyDocument, stageId: string): Point {
	const index = Math.max(0, doc.stages.findIndex((s) => s.id === stageId));
	const inLane = doc.touchpoints.filter((t) => t.stageId === stageId);
	const y = inLane.length === 0 ? LANE.headerHeight + LANE.padding : Math.max(...inLane.map((t) => t.y)) + ROW;
	return { x: laneX(index) + (LANE.width - TOUCHPOINT_SIZE.width) / 2, y };
}
