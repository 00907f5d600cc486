/**
 * A small in-memory rate limiter: one token bucket per key (an API key id, an IP, a survey
 * token). A bucket holds up to `capacity` tokens and refills continuously at `perMinute`
 * tokens per minute; each request takes one. Per process: with several app instances each
 * instance counts on its own (the limit is then per instance).
 *
 *   const limiter = new RateLimiter({ capacity: 60, perMinute: 60 });
 *   const verdict = limiter.take(keyId);
 *   if (!verdict.allowed) return tooManyRequests(verdict.retryAfterSeconds);
 */
export interface RateLimiterOptions {
	/** Burst size: requests allowed at once from a full bucket. */
	capacity: number;
	/** Sustained rate. */
	perMinute: number;
	/** Buckets kept at most; the least recently used go first (default 10,000). */
	maxKeys?: number;
	/** Clock in milliseconds (tests). */
	now?: () => number;
}

export type RateVerdict = { allowed: true; remaining: number } | { allowed: false; retryAfterSeconds: number };

interface Bucket {
	tokens: number;
	at: number;
}

export class RateLimiter {
	private readonly buckets = new Map<string, Bucket>();
	private readonly perMs: number;
	private readonly now: () => number;

	constructor(private readonly options: RateLimiterOptions) {
		if (options.capacity < 1 || options.perMinute <= 0) throw new Error('RateLimiter needs capacity >= 1 and perMinute > 0');
		this.perMs = options.perMinute / 60_000;
		this.now = options.now ?? Date.now;
	}

	/** Takes `cost` tokens for `key` if it has them. */
	take(key: string, cost = 1): RateVerdict {
		const now = this.now();
		const bucket = this.buckets.get(key) ?? { tokens: this.options.capacity, at: now };
		bucket.tokens = Math.min(this.options.capacity, bucket.tokens + (now - bucket.at) * this.perMs);
		bucket.at = now;
		// Re-insert: Map order is then least recently used first.
		this.buckets.delete(key);
		this.buckets.set(key, bucket);
		this.evict();
		if (bucket.tokens >= cost) {
			bucket.tokens -= cost;
			return { allowed: true, remaining: Math.floor(bucket.tokens) };
		}
		return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((cost - bucket.tokens) / this.perMs / 1000)) };
	}

	reset(key?: string): void {
		if (key === undefined) this.buckets.clear();
		else this.buckets.delete(key);
	}

	private evict() {
		const max = this.options.maxKeys ?? 10_000;
		for (const key of this.buckets.keys()) {
			if (this.buckets.size <= max) break;
			this.buckets.delete(key);
		}
	}
}

/** A 429 JSON response with Retry-After (seconds). */
export function tooManyRequests(retryAfterSeconds: number, message = 'Too many requests: slow down and retry later.'): Response {
	return new Response(JSON.stringify({ message, retry_after: retryAfterSeconds }), {
		status: 429,
		headers: { 'content-type': 'application/json', 'retry-after': String(retryAfterSeconds) }
	});
}
