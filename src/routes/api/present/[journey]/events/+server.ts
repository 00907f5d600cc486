import { error, type RequestHandler } from '@sveltejs/kit';
import type { LiveState } from '#lib/domain/presentation/live.js';
import { RateLimiter, tooManyRequests } from '#lib/server/http/rate-limit.js';
import { authorizeFollower } from '#lib/server/live/authorize.js';
import { appLiveHub } from '#lib/server/live/instance.js';

/** Opening streams is cheap to ask for and holds a connection: 30 a minute per address. */
const streamsPerClient = new RateLimiter({ capacity: 30, perMinute: 30 });
const KEEP_ALIVE_MS = 25_000;
/** Access is checked again this often, so a removed member or a revoked share link stops following. */
const RECHECK_MS = 60_000;

/**
 * Server-Sent Events: the journey's presentation state (slide key and index, blanking) now and
 * on every move. `event: state` with a LiveState as JSON; comments keep the connection alive.
 */
export const GET: RequestHandler = async (event) => {
	const verdict = streamsPerClient.take(event.getClientAddress());
	if (!verdict.allowed) return tooManyRequests(verdict.retryAfterSeconds);
	const journeyId = event.params.journey!;
	const access = await authorizeFollower(event, journeyId);
	if (!access) error(404, 'Not found');
	const hub = appLiveHub();
	const encoder = new TextEncoder();
	let stop = () => {};

	const stream = new ReadableStream<Uint8Array>({
		async start(controller) {
			let open = true;
			const write = (text: string) => {
				if (!open) return;
				try {
					controller.enqueue(encoder.encode(text));
				} catch {
					stop();
				}
			};
			const send = (state: LiveState) => write(`event: state\ndata: ${JSON.stringify(state)}\n\n`);
			const unsubscribe = hub.subscribe(journeyId, send);
			const keepAlive = setInterval(() => write(': keep-alive\n\n'), KEEP_ALIVE_MS);
			const recheck = setInterval(async () => {
				if (!(await authorizeFollower(event, journeyId).catch(() => null))) {
					stop();
					try {
						controller.close();
					} catch {
						// already closed
					}
				}
			}, RECHECK_MS);
			stop = () => {
				open = false;
				unsubscribe();
				clearInterval(keepAlive);
				clearInterval(recheck);
			};
			// Ask the browser to retry after 2 s when the connection drops.
			write('retry: 2000\n\n');
			const current = await hub.current(journeyId).catch(() => null);
			if (current) send(current);
		},
		cancel() {
			stop();
		}
	});
	return new Response(stream, {
		headers: {
			'content-type': 'text/event-stream; charset=utf-8',
			'cache-control': 'no-store',
			connection: 'keep-alive',
			// Proxies such as nginx must not buffer the stream.
			'x-accel-buffering': 'no'
		}
	});
};
