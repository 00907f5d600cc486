/**
 * What the friction overlay draws, from the hotspot rows: a colour per touchpoint on a
 * colour-blind-safe sequential scale (ColorBrewer OrRd via d3), and the worst touchpoint of
 * each stage for its header. Pure: no Svelte, no IO.
 */
import { interpolateOrRd } from 'd3';

export interface FrictionMark {
	score: number;
	hotspot: boolean;
	explanation: string;
	/** Background tint for the score. */
	color: string;
}

/** OrRd from its palest (no friction) to dark red (100), skipping the near-white start. */
export const frictionColor = (score: number) => interpolateOrRd(0.08 + 0.8 * Math.min(1, Math.max(0, score / 100)));

/** Legend stops of the overlay. */
export const FRICTION_LEGEND = [0, 25, 50, 75, 100].map((score) => ({ score, color: frictionColor(score) }));

export function frictionMarks(rows: readonly { touchpoint_id: string; friction_score: number; is_hotspot: boolean; explanation: string }[]) {
	return new Map<string, FrictionMark>(
		rows.map((r) => [r.touchpoint_id, { score: r.friction_score, hotspot: r.is_hotspot, explanation: r.explanation, color: frictionColor(r.friction_score) }])
	);
}

/** The worst touchpoint per stage ("Worst: Support chat (82)"), from touchpoints with a score above 0. */
export function worstPerStage(
	touchpoints: readonly { id: string; name: string; stageId: string | null }[],
	marks: ReadonlyMap<string, FrictionMark>
): Map<string, string> {
	const worst = new Map<string, { name: string; score: number }>();
	for (const t of touchpoints) {
		const mark = marks.get(t.id);
		if (!t.stageId || !mark || mark.score <= 0) continue;
		const current = worst.get(t.stageId);
		if (!current || mark.score > current.score) worst.set(t.stageId, { name: t.name, score: mark.score });
	}
	return new Map([...worst].map(([stage, w]) => [stage, `Worst: ${w.name} (${Math.round(w.score)})`]));
}
