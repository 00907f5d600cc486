/**
 * Production server: `npm start` (after `npm run build`). It serves the built SvelteKit app
 * through adapter-node's handler on our own http.Server, so later features can share the port
 * (WebSocket upgrades for /collab).
 *
 * adapter-node 6 derives the request origin from a protocol header and assumes https when
 * there is none, which breaks CSRF checks on plain http. Unless PROTOCOL_HEADER is set (behind
 * a TLS-terminating proxy: PROTOCOL_HEADER=x-forwarded-proto), this server states the real
 * protocol of each connection in a header of its own, overwriting anything a client sent.
 */
import http from 'node:http';
import type { TLSSocket } from 'node:tls';

const OWN_PROTOCOL_HEADER = 'x-journey-studio-proto';
const ownProtocolHeader = !process.env.PROTOCOL_HEADER;
if (ownProtocolHeader) process.env.PROTOCOL_HEADER = OWN_PROTOCOL_HEADER;

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '0.0.0.0';

// Importing the handler runs the app's `init` hook: the database stack starts (and the demo is
// seeded) before the port opens, so the first request never waits for it.
const { handler } = await import(new URL('../build/handler.js', import.meta.url).href);

const server = http.createServer((req, res) => {
	if (ownProtocolHeader) req.headers[OWN_PROTOCOL_HEADER] = (req.socket as TLSSocket).encrypted ? 'https' : 'http';
	handler(req, res, () => {
		res.statusCode = 404;
		res.end('Not found');
	});
});

// Real-time editing: WebSocket upgrades for /collab go to the collaboration server.
const runtime = await (globalThis as Record<symbol, Promise<{ collab: { handleUpgrade: (...a: unknown[]) => boolean } }>>)[
	Symbol.for('journey-studio.runtime')
];
if (!runtime) throw new Error('The app did not start its runtime');
server.on('upgrade', (request, socket, head) => {
	if (!runtime.collab.handleUpgrade(request, socket, head)) socket.destroy();
});

server.listen(port, host, () => {
	console.log(`[journey-studio] listening on http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`);
});
