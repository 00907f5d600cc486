/**
 * The deck of a journey presentation, generated from PresentationData by a pure function:
 * title, one slide per linked persona, one per stage (its touchpoints with their key metrics
 * against target, hotspots marked, one verbatim), and a closing slide with the top hotspots.
 * Slide keys are stable ids so speaker notes survive reordering and data changes.
 */
import type { ClosingSlide, PresentationData, PresentationTouchpoint, Slide, StageSlide } from './types.js';

export function buildSlides(data: PresentationData): Slide[] {
	const slides: Slide[] = [];
	const allTouchpoints = [...data.stages.flatMap((s) => s.touchpoints), ...data.unstaged];
	slides.push({
		kind: 'title',
		key: 'title',
		title: data.journey.name,
		description: data.journey.description,
		periodLabel: data.period.label,
		stageCount: data.stages.length,
		touchpointCount: allTouchpoints.length,
		personaCount: data.personas.length,
		hotspotCount: allTouchpoints.filter((t) => t.isHotspot).length
	});
	for (const persona of data.personas) {
		slides.push({ kind: 'persona', key: `persona:${persona.id}`, title: persona.name, persona });
	}
	data.stages.forEach((stage, i) => {
		slides.push(stageSlide(`stage:${stage.id}`, stage.name, i + 1, data.stages.length, stage.touchpoints, stage.verbatim, data.minN));
	});
	// Touchpoints outside every stage still get presented, after the stages.
	if (data.unstaged.length > 0) {
		slides.push(stageSlide('stage:none', 'Outside any stage', data.stages.length + 1, data.stages.length + 1, data.unstaged, null, data.minN));
	}
	slides.push(closingSlide(data, allTouchpoints));
	return slides;
}

function stageSlide(
	key: string,
	title: string,
	position: number,
	of: number,
	touchpoints: PresentationTouchpoint[],
	verbatim: StageSlide['verbatim'],
	minN: number
): StageSlide {
	return { kind: 'stage', key, title, position, of, touchpoints, hotspotCount: touchpoints.filter((t) => t.isHotspot).length, verbatim, minN };
}

function closingSlide(data: PresentationData, all: PresentationTouchpoint[]): ClosingSlide {
	return {
		kind: 'closing',
		key: 'closing',
		title: data.topHotspots.length > 0 ? 'Where it hurts most' : 'Summary',
		hotspots: data.topHotspots,
		hasEvidence: all.some((t) => t.evidenceN > 0)
	};
}

/** Clamps a slide index into the deck (an empty deck never happens: title and closing always exist). */
export const clampIndex = (index: number, count: number) => Math.max(0, Math.min(count - 1, Math.trunc(index)));
