import type { Awareness } from 'y-protocols/awareness';
import { peersFrom, remoteSelections, type Peer, type PresenceState, type PresenceUser } from '#lib/sync/presence.js';

type Viewport = { x: number; y: number; zoom: number };

/**
 * Presence on one journey: publishes this person's pointer, selection, viewport and activity
 * through Yjs awareness (never stored), and keeps the list of everyone else for the UI.
 */
export class Presence {
	/** Everyone else on this journey right now. */
	peers = $state.raw<Peer[]>([]);
	/** The client whose viewport this one follows, or null. */
	following = $state<number | null>(null);
	private awareness: Awareness | null = null;
	private applyFollowed: ((viewport: Viewport) => void) | null = null;

	constructor(
		private readonly ownClientId: () => number,
		/** Called when other people's selections change (the canvas redraws their outlines). */
		private readonly onRemoteSelectionChange: () => void
	) {}

	start(awareness: Awareness, user: PresenceUser) {
		this.awareness = awareness;
		const initial: PresenceState = { user, cursor: null, selection: [], viewport: null, status: 'active' };
		for (const [key, value] of Object.entries(initial)) awareness.setLocalStateField(key, value);
	}

	private publish<K extends keyof PresenceState>(key: K, value: PresenceState[K]) {
		this.awareness?.setLocalStateField(key, value);
	}

	/** New awareness states arrived (call outside Svelte effects: it writes state). */
	update(states: { clientId: number; [key: string]: unknown }[]) {
		const before = JSON.stringify([...remoteSelections(this.peers)]);
		this.peers = peersFrom(new Map(states.map((s) => [s.clientId, s])), this.ownClientId());
		const followed = this.peers.find((p) => p.clientId === this.following);
		if (this.following !== null && !followed) this.following = null; // they left
		if (followed?.viewport) this.applyFollowed?.(followed.viewport);
		if (JSON.stringify([...remoteSelections(this.peers)]) !== before) this.onRemoteSelectionChange();
	}

	/** The pointer moved on the canvas (flow coordinates), or left it (null). */
	setCursor(point: { x: number; y: number } | null) {
		this.publish('cursor', point && { x: Math.round(point.x), y: Math.round(point.y) });
	}

	setSelection(ids: string[]) {
		this.publish('selection', ids);
	}

	setViewport(viewport: Viewport) {
		this.publish('viewport', { x: Math.round(viewport.x), y: Math.round(viewport.y), zoom: +viewport.zoom.toFixed(3) });
	}

	setActivity(status: PresenceState['status']) {
		this.publish('status', status);
	}

	/** Follow a person's viewport (facilitators walking a room through the map); null stops. */
	follow(clientId: number | null, apply: (viewport: Viewport) => void) {
		this.following = clientId;
		this.applyFollowed = clientId === null ? null : apply;
		const viewport = this.peers.find((p) => p.clientId === clientId)?.viewport;
		if (viewport) apply(viewport);
	}
}
