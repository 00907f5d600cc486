import { error, json, type RequestHandler } from '@sveltejs/kit';
import { parseStateRequest, placeInDeck, type LiveState } from '#lib/domain/presentation/live.js';
import { deckKeys } from '#lib/server/data/presentation.js';
import { RateLimiter, tooManyRequests } from '#lib/server/http/rate-limit.js';
import { authorizeFollower } from '#lib/server/live/authorize.js';
import { appLiveHub } from '#lib/server/live/instance.js';

/** A presenter moves a few times a second at most (holding an arrow key repeats ~30/s): burst 30, 240 a minute. */
const movesPerDriver = new RateLimiter({ capacity: 30, perMinute: 240 });

/**
 * The presenter (an owner or editor of the journey) moves the slide or blanks the screen for
 * everyone following. Body: { index, key, blank, client }; the server checks the slide is in
 * the journey's deck and builds the state it relays itself.
 */
export const POST: RequestHandler = async (event) => {
	const journeyId = event.params.journey!;
	const access = await authorizeFollower(event, journeyId);
	if (!access) error(404, 'Not found');
	if (!access.canDrive) error(403, 'Only owners and editors of the journey can move the slides for everyone.');
	const verdict = movesPerDriver.take(`${access.userId ?? event.getClientAddress()}:${journeyId}`);
	if (!verdict.allowed) return tooManyRequests(verdict.retryAfterSeconds, 'Too many slide changes: slow down.');

	const body = await event.request.json().catch(() => undefined);
	const parsed = parseStateRequest(body);
	if (!parsed.ok) error(400, parsed.message);
	let keys = await deckKeys(access.db, journeyId);
	let index = keys && placeInDeck(parsed.value, keys);
	// A slide the cached deck does not know yet (a stage added a moment ago): read the deck afresh once.
	if (keys && index === null) {
		keys = await deckKeys(access.db, journeyId, { fresh: true });
		index = keys && placeInDeck(parsed.value, keys);
	}
	if (!keys) error(404, 'Not found');
	if (index === null) error(400, `That slide is not in this journey's presentation (it has ${keys.length} slides).`);
	const state: LiveState = { index, key: keys[index]!, blank: parsed.value.blank, at: Date.now(), from: parsed.value.client };
	await appLiveHub().publish(journeyId, state);
	return json(state);
};
