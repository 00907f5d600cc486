import { Redis } from 'ioredis';
import type { LiveState } from '#lib/domain/presentation/live.js';

/**
 * Where each journey's presentation is (slide and blanking), for everyone following it. In
 * memory per app process; with a Redis URL, every accepted state is also published on one
 * pub/sub channel and kept under a key for 12 hours, so followers connected to another app
 * instance move too and a follower arriving at any instance starts on the current slide.
 * The same Redis as Hocuspocus uses (REDIS_URL).
 */
export interface LiveHubOptions {
	redisUrl?: string;
	/** Key and channel prefix (tests isolate themselves with it). */
	prefix?: string;
	/** Journeys kept in memory at most; the least recently moved go first. */
	maxJourneys?: number;
}

type Listener = (state: LiveState) => void;

const KEEP_SECONDS = 12 * 60 * 60;

export class LiveHub {
	private readonly states = new Map<string, LiveState>();
	private readonly listeners = new Map<string, Set<Listener>>();
	/** This process, so its own messages coming back from Redis are not applied twice. */
	private readonly instance = crypto.randomUUID();
	private readonly prefix: string;
	private publisher: Redis | null = null;
	private subscriber: Redis | null = null;
	private ready: Promise<void> | null = null;

	constructor(private readonly options: LiveHubOptions = {}) {
		this.prefix = options.prefix ?? 'journey-studio';
		if (options.redisUrl) this.ready = this.connect(options.redisUrl);
	}

	private get channel() {
		return `${this.prefix}:present`;
	}

	private key(journeyId: string) {
		return `${this.prefix}:present:${journeyId}`;
	}

	private async connect(url: string) {
		const options = { lazyConnect: true, maxRetriesPerRequest: 2 };
		this.publisher = new Redis(url, options);
		this.subscriber = new Redis(url, options);
		for (const client of [this.publisher, this.subscriber]) {
			client.on('error', (error: Error) => console.error('[journey-studio] presentation Redis:', error.message));
		}
		await Promise.all([this.publisher.connect(), this.subscriber.connect()]);
		this.subscriber.on('message', (channel: string, message: string) => {
			if (channel !== this.channel) return;
			try {
				const { instance, journeyId, state } = JSON.parse(message) as { instance: string; journeyId: string; state: LiveState };
				if (instance !== this.instance) this.apply(journeyId, state);
			} catch {
				// Not ours: ignore.
			}
		});
		await this.subscriber.subscribe(this.channel);
	}

	/** Resolves when the Redis connections are up (immediately without Redis). */
	async whenReady(): Promise<void> {
		await this.ready;
	}

	/** The journey's current state: this process's, else the one kept in Redis, else null (nobody presented yet). */
	async current(journeyId: string): Promise<LiveState | null> {
		const local = this.states.get(journeyId);
		if (local) return local;
		if (!this.publisher) return null;
		await this.ready;
		const stored = await this.publisher.get(this.key(journeyId));
		return stored ? (JSON.parse(stored) as LiveState) : null;
	}

	/** Accepts a new state for everyone on the journey, here and on the other instances. */
	async publish(journeyId: string, state: LiveState): Promise<void> {
		this.apply(journeyId, state);
		if (!this.publisher) return;
		await this.ready;
		const message = JSON.stringify({ instance: this.instance, journeyId, state });
		await Promise.all([this.publisher.set(this.key(journeyId), JSON.stringify(state), 'EX', KEEP_SECONDS), this.publisher.publish(this.channel, message)]);
	}

	/** Calls `listener` with every new state of the journey; returns the unsubscribe. */
	subscribe(journeyId: string, listener: Listener): () => void {
		let set = this.listeners.get(journeyId);
		if (!set) this.listeners.set(journeyId, (set = new Set()));
		set.add(listener);
		return () => {
			set.delete(listener);
			if (set.size === 0) this.listeners.delete(journeyId);
		};
	}

	/** Followers connected to this process (tests, diagnostics). */
	followers(journeyId: string): number {
		return this.listeners.get(journeyId)?.size ?? 0;
	}

	private apply(journeyId: string, state: LiveState) {
		const previous = this.states.get(journeyId);
		// Out-of-order delivery (two instances, two drivers): the newest wins.
		if (previous && previous.at > state.at) return;
		this.states.delete(journeyId);
		this.states.set(journeyId, state);
		const max = this.options.maxJourneys ?? 10_000;
		for (const key of this.states.keys()) {
			if (this.states.size <= max) break;
			this.states.delete(key);
		}
		for (const listener of this.listeners.get(journeyId) ?? []) {
			try {
				listener(state);
			} catch (error) {
				console.error('[journey-studio] a presentation follower failed:', error);
			}
		}
	}

	async close(): Promise<void> {
		await this.ready?.catch(() => undefined);
		this.subscriber?.disconnect();
		this.publisher?.disconnect();
	}
}

// One hub per process, kept on globalThis (vite dev can load server modules more than once).
const KEY = Symbol.for('journey-studio.live-hub');
type Holder = { [KEY]?: LiveHub };

/** The process's hub, created on first use with the app's REDIS_URL. */
export function liveHub(redisUrl: string | undefined): LiveHub {
	const holder = globalThis as Holder;
	holder[KEY] ??= new LiveHub({ redisUrl: redisUrl || undefined });
	return holder[KEY];
}
