/**
 * At most one run per key every `intervalMs`, and never a request lost: a request inside the
 * interval is merged into one trailing run at the end of it. Used to refresh a workspace's
 * alerts after evidence changes (src/lib/server/data/notifications.ts) without running the
 * friction model on every single survey answer.
 */
export interface ThrottleClock {
	now(): number;
	setTimeout(run: () => void, ms: number): unknown;
	clearTimeout(handle: unknown): void;
}

const systemClock: ThrottleClock = {
	now: () => Date.now(),
	setTimeout: (run, ms) => {
		const handle = setTimeout(run, ms);
		// A pending refresh must not keep a CLI or a test process alive.
		(handle as { unref?: () => void }).unref?.();
		return handle;
	},
	clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>)
};

interface Entry {
	lastRun: number;
	timer: unknown;
	task: () => Promise<void>;
}

export class KeyedThrottle {
	readonly #entries = new Map<string, Entry>();

	constructor(
		readonly intervalMs: number,
		readonly clock: ThrottleClock = systemClock
	) {}

	/**
	 * Runs `task` now when `key` has not run in the last interval; otherwise once when the
	 * interval is over (later requests before then replace the task and share that one run).
	 */
	request(key: string, task: () => Promise<void>): void {
		const entry = this.#entries.get(key);
		const now = this.clock.now();
		if (!entry || now - entry.lastRun >= this.intervalMs) {
			if (entry?.timer !== undefined && entry.timer !== null) this.clock.clearTimeout(entry.timer);
			this.#run(key, task, now);
			return;
		}
		entry.task = task;
		if (entry.timer === null) {
			entry.timer = this.clock.setTimeout(() => {
				const current = this.#entries.get(key);
				if (current) this.#run(key, current.task, this.clock.now());
			}, entry.lastRun + this.intervalMs - now);
		}
	}

	/** Runs `task` at once whatever the interval (a pending trailing run is dropped: this one covers it). */
	now(key: string, task: () => Promise<void>): Promise<void> {
		const entry = this.#entries.get(key);
		if (entry?.timer !== undefined && entry.timer !== null) this.clock.clearTimeout(entry.timer);
		return this.#run(key, task, this.clock.now());
	}

	/** True when `key` ran less than `ms` ago and no trailing run is waiting: what it saw is still current. */
	ranWithin(key: string, ms: number): boolean {
		const entry = this.#entries.get(key);
		return !!entry && entry.timer === null && this.clock.now() - entry.lastRun < ms;
	}

	/** Whether a trailing run is waiting for `key` (for tests and diagnostics). */
	pending(key: string): boolean {
		const timer = this.#entries.get(key)?.timer;
		return timer !== undefined && timer !== null;
	}

	#run(key: string, task: () => Promise<void>, now: number): Promise<void> {
		this.#entries.set(key, { lastRun: now, timer: null, task });
		return task();
	}
}
