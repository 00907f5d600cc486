import type { LiveState } from '#lib/domain/presentation/live.js';

/**
 * The browser side of "follow the presenter": an EventSource on the journey's event stream
 * (it reconnects by itself), and for presenters the POST that moves everyone. Posts are
 * coalesced: while one is in flight only the newest move waits, so holding an arrow key
 * sends a handful of requests, not one per repeat.
 */
export class LiveChannel {
	/** The newest state from someone else (null until a presenter moves). */
	latest = $state<LiveState | null>(null);
	connected = $state(false);
	/** Set when the server refused a move (e.g. 429), for a short message on screen. */
	problem = $state<string | null>(null);
	/** This window's id: its own moves come back on the stream and are ignored. */
	readonly client = Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('');

	#source: EventSource | null = null;
	#inFlight = false;
	/** Server time of this window's newest accepted move: anything older that arrives later is stale. */
	#ownAt = 0;
	#pending: { index: number; key: string; blank: boolean } | null = null;

	constructor(
		private readonly eventsUrl: string,
		private readonly stateUrl: string | null
	) {}

	/** Starts listening; `onState` gets every state someone else posted. Returns the stop function. */
	start(onState: (state: LiveState) => void): () => void {
		const source = new EventSource(this.eventsUrl);
		this.#source = source;
		source.onopen = () => (this.connected = true);
		source.onerror = () => (this.connected = false);
		source.addEventListener('state', (event) => {
			let state: LiveState;
			try {
				state = JSON.parse((event as MessageEvent<string>).data) as LiveState;
			} catch {
				return;
			}
			if (state.from === this.client) return;
			if (this.latest && this.latest.at > state.at) return;
			// While this window's own move is on its way (or after it), an older state must not undo it.
			if (this.#inFlight || this.#pending || state.at <= this.#ownAt) return;
			this.latest = state;
			onState(state);
		});
		return () => this.stop();
	}

	stop() {
		this.#source?.close();
		this.#source = null;
		this.connected = false;
	}

	get canDrive() {
		return this.stateUrl !== null;
	}

	/** Moves everyone following (presenters only; a no-op for followers). */
	move(index: number, key: string, blank: boolean) {
		if (!this.stateUrl) return;
		this.#pending = { index, key, blank };
		if (!this.#inFlight) void this.#flush();
	}

	async #flush() {
		this.#inFlight = true;
		try {
			while (this.#pending) {
				const body = { ...this.#pending, client: this.client };
				this.#pending = null;
				const response = await fetch(this.stateUrl!, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).catch(
					() => null
				);
				if (!response) this.problem = 'Offline: the others do not see this slide.';
				else if (response.status === 429) this.problem = 'Too many slide changes: the others catch up in a moment.';
				else if (!response.ok) this.problem = ((await response.json().catch(() => null)) as { message?: string } | null)?.message ?? 'The slide change was refused.';
				else {
					this.problem = null;
					const accepted = (await response.json().catch(() => null)) as { at?: number } | null;
					if (typeof accepted?.at === 'number') this.#ownAt = Math.max(this.#ownAt, accepted.at);
				}
				if (response?.status === 429) {
					// Keep the newest move and send it once the limiter has a token again.
					this.#pending ??= body;
					await new Promise((r) => setTimeout(r, 1000));
				}
			}
		} finally {
			this.#inFlight = false;
		}
	}
}
