/**
 * The shared slide position of a presentation ("follow the presenter"): what the presenter
 * posts, what every follower receives, and the checks on the way in. Pure, so the endpoint and
 * the tests use the same rules.
 */
import type { Slide } from './types.js';

/** What followers receive over the event stream. Built by the server, never relayed from a client as is. */
export interface LiveState {
	/** Position in the deck the server knows (followers prefer `key`: their deck may be a reload older or newer). */
	index: number;
	key: string;
	blank: boolean;
	/** Milliseconds since the epoch when the server accepted it; followers keep the newest. */
	at: number;
	/** The posting window's random id, so it can ignore the echo of its own moves. */
	from: string;
}

export interface StateRequest {
	index: number;
	key: string;
	blank: boolean;
	client: string;
}

/** A deck has at most this many slides (title, personas, stages, closing): bounds the index check. */
export const MAX_SLIDES = 1000;
const KEY = /^(title|closing|persona:[0-9a-f-]{36}|stage:([0-9a-f-]{36}|none))$/;
const CLIENT = /^[A-Za-z0-9_-]{8,40}$/;

export type ParsedState = { ok: true; value: StateRequest } | { ok: false; message: string };

/** Checks a posted body: an integer index in range, a slide key, booleans as booleans, a client id. */
export function parseStateRequest(body: unknown): ParsedState {
	if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, message: 'Send a JSON object.' };
	const b = body as Record<string, unknown>;
	const extra = Object.keys(b).filter((k) => !['index', 'key', 'blank', 'client'].includes(k));
	if (extra.length > 0) return { ok: false, message: `Unknown field “${extra[0]}”.` };
	if (typeof b.index !== 'number' || !Number.isInteger(b.index) || b.index < 0 || b.index >= MAX_SLIDES) {
		return { ok: false, message: '“index” is a whole number from 0.' };
	}
	if (typeof b.key !== 'string' || !KEY.test(b.key)) return { ok: false, message: '“key” is a slide key such as “title” or “stage:<id>”.' };
	if (typeof b.blank !== 'boolean') return { ok: false, message: '“blank” is true or false.' };
	if (typeof b.client !== 'string' || !CLIENT.test(b.client)) return { ok: false, message: '“client” is 8–40 letters, digits, - or _.' };
	return { ok: true, value: { index: b.index, key: b.key, blank: b.blank, client: b.client } };
}

/**
 * Where a posted slide is in the server's deck: the key decides (the presenter's deck and the
 * server's may differ by a stage added since the page opened); null when the key is not in the
 * deck or the index is outside it.
 */
export function placeInDeck(request: StateRequest, deckKeys: readonly string[]): number | null {
	if (request.index >= deckKeys.length) return null;
	const at = deckKeys.indexOf(request.key);
	return at === -1 ? null : at;
}

/** The slide a follower shows for a live state: the same key in its own deck, else the same index (clamped). */
export function followIndex(state: Pick<LiveState, 'index' | 'key'>, slides: readonly Pick<Slide, 'key'>[]): number {
	const byKey = slides.findIndex((s) => s.key === state.key);
	if (byKey !== -1) return byKey;
	return Math.max(0, Math.min(slides.length - 1, state.index));
}
