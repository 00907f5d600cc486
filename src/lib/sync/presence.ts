/**
 * Presence: who is on a journey right now, where their pointer is, what they have selected,
 * what they are looking at. Lives only in Yjs awareness (never stored).
 */
export interface PresenceUser {
	id: string;
	name: string;
	color: string;
}

export interface PresenceState {
	user: PresenceUser;
	/** Pointer in flow coordinates, or null when off the canvas. */
	cursor: { x: number; y: number } | null;
	selection: string[];
	viewport: { x: number; y: number; zoom: number } | null;
	status: 'active' | 'idle' | 'away';
}

export interface Peer extends PresenceState {
	clientId: number;
}

/** Distinct on light and dark backgrounds and for common colour-vision deficiencies (Okabe–Ito). */
export const PRESENCE_COLORS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#7048e8', '#b8860b'];

/** A stable colour per user: the same person has the same colour in every session. */
export function colorFor(userId: string): string {
	let hash = 0;
	for (const char of userId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
	return PRESENCE_COLORS[hash % PRESENCE_COLORS.length]!;
}

function isPresence(value: unknown): value is PresenceState {
	const v = value as PresenceState | undefined;
	return typeof v?.user?.id === 'string' && typeof v.user.name === 'string';
}

/**
 * The other people on the journey from awareness states: one entry per client (a person with two
 * tabs appears twice, like in Figma), ordered by name, never including this client.
 */
export function peersFrom(states: Map<number, unknown>, ownClientId: number): Peer[] {
	const peers: Peer[] = [];
	for (const [clientId, state] of states) {
		if (clientId === ownClientId || !isPresence(state)) continue;
		peers.push({ ...state, clientId, selection: Array.isArray(state.selection) ? state.selection : [] });
	}
	return peers.sort((a, b) => a.user.name.localeCompare(b.user.name) || a.clientId - b.clientId);
}

/** Node id → colour of the first other person who has it selected (for outlines). */
export function remoteSelections(peers: Peer[]): Map<string, string> {
	const outlines = new Map<string, string>();
	for (const peer of peers) for (const id of peer.selection) if (!outlines.has(id)) outlines.set(id, peer.user.color);
	return outlines;
}
