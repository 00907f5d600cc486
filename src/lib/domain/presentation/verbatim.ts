/**
 * Which customer comment speaks for a stage on its slide. The rule (also in the README):
 *
 *   The stage's touchpoints are ranked worst first — highest friction, then most evidence, then
 *   canvas order. The verbatim is the most negative comment (lowest sentiment score, comments
 *   without a score after every scored one; newest on ties) left in the period about the first
 *   touchpoint in that ranking that has any comment. Feedback items and survey-answer comments
 *   both count.
 *
 * So the slide quotes the customer where the stage hurts most, not a cherry-picked compliment.
 */
import type { PresentationTouchpoint } from './types.js';

export const VERBATIM_RULE =
	'the most negative comment of the period about the stage’s worst touchpoint (highest friction) that has comments';

/** The stage's touchpoints in the order the rule tries them. Pure; does not change its input. */
export function worstFirst(touchpoints: readonly PresentationTouchpoint[]): PresentationTouchpoint[] {
	return touchpoints
		.map((t, index) => ({ t, index }))
		.sort((a, b) => (b.t.friction ?? -1) - (a.t.friction ?? -1) || b.t.evidenceN - a.t.evidenceN || a.index - b.index)
		.map((x) => x.t);
}

export interface CommentCandidate {
	body: string;
	sentimentScore: number | null;
	sentiment: 'positive' | 'neutral' | 'negative' | null;
	createdAt: string;
}

/** The most negative of a touchpoint's comments (null when it has none with text). */
export function mostNegative<T extends CommentCandidate>(candidates: readonly T[]): T | null {
	let best: T | null = null;
	for (const c of candidates) {
		if (c.body.trim() === '') continue;
		if (best === null) {
			best = c;
			continue;
		}
		// Unscored comments come after every scored one (as `order by sentiment_score nulls last`).
		const score = c.sentimentScore ?? Number.POSITIVE_INFINITY;
		const bestScore = best.sentimentScore ?? Number.POSITIVE_INFINITY;
		if (score < bestScore || (score === bestScore && c.createdAt > best.createdAt)) best = c;
	}
	return best;
}
