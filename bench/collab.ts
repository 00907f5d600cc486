/**
 * Collaboration benchmark (issue 4): edit-to-remote-apply latency with 2, 10 and 50 clients on
 * one journey over loopback, the size of one node-move update, and heap per open journey.
 *
 *   npm run bench:collab      → prints the figures, writes bench/results/collab.json
 */
import { createServer } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HocuspocusProvider } from '@hocuspocus/provider';
import { runnerImport } from 'vite';
import * as Y from 'yjs';

const load = async <T>(path: string) => (await runnerImport<T>(path, { logLevel: 'error' })).module;
const { startStack } = await load<typeof import('../src/lib/server/stack/index.ts')>('/src/lib/server/stack/index.ts');
const { createCollabServer } = await load<typeof import('../src/lib/server/collab/server.ts')>('/src/lib/server/collab/server.ts');
const { LocalAuthBackend } = await load<typeof import('../src/lib/server/auth/local-backend.ts')>('/src/lib/server/auth/local-backend.ts');
const { LocalAuth } = await load<typeof import('../src/lib/server/auth/local.ts')>('/src/lib/server/auth/local.ts');
const { serviceClient, userClient } = await load<typeof import('../src/lib/server/supabase.ts')>('/src/lib/server/supabase.ts');
const { createJourney } = await load<typeof import('../src/lib/server/data/journeys.ts')>('/src/lib/server/data/journeys.ts');
const { generateDemo } = await load<typeof import('../src/lib/domain/demo/generate.ts')>('/src/lib/domain/demo/generate.ts');
const { demoDocument } = await load<typeof import('../src/lib/domain/demo/document.ts')>('/src/lib/domain/demo/document.ts');
const { JourneyEditor } = await load<typeof import('../src/lib/sync/editor.ts')>('/src/lib/sync/editor.ts');

const percentile = (values: number[], p: number) => {
	const sorted = [...values].sort((a, b) => a - b);
	return +(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN).toFixed(1);
};

const dir = mkdtempSync(join(tmpdir(), 'js-bench-collab-'));
const stack = await startStack({ mode: 'embedded', dataDir: dir, log: () => undefined });
const collab = createCollabServer(stack, new LocalAuthBackend(stack));
const http = createServer((_q, r) => r.writeHead(404).end());
http.on('upgrade', (req, socket, head) => collab.handleUpgrade(req, socket, head) || socket.destroy());
await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
const url = `ws://127.0.0.1:${(http.address() as { port: number }).port}/collab`;

const session = await new LocalAuth(serviceClient(stack), stack.jwtSecret!).signUp('bench@example.test', 'bench-password', 'Bench');
const db = userClient(stack, session.accessToken);
const { data: ws } = await db.rpc('create_workspace', { p_name: 'Bench' });
const demo = demoDocument(generateDemo({ now: new Date('2026-06-30'), responses: 10, feedback: 10, cases: 10 }));
const newJourney = (name: string) => createJourney(db, serviceClient(stack), ws.id, { name, document: demo });

function connectClient(journeyId: string) {
	const doc = new Y.Doc();
	const provider = new HocuspocusProvider({ url, name: journeyId, document: doc, token: session.accessToken });
	const synced = new Promise<void>((resolve) => provider.on('synced', () => resolve()));
	return { doc, provider, synced };
}

const latency: Record<string, { clients: number; samples: number; p50Ms: number; p95Ms: number; maxMs: number }> = {};
let moveUpdateBytes = 0;
for (const count of [2, 10, 50]) {
	const journeyId = await newJourney(`Latency ${count}`);
	const clients = Array.from({ length: count }, () => connectClient(journeyId));
	await Promise.all(clients.map((c) => c.synced));
	const writer = new JourneyEditor(clients[0]!.doc);
	const nodeId = [...clients[0]!.doc.getMap('touchpoints').keys()][0]!;
	const samples: number[] = [];
	for (let i = 0; i < 40; i++) {
		const x = 1000 + i;
		const arrivals = clients.slice(1).map(
			(c) =>
				new Promise<number>((resolve) => {
					const entity = c.doc.getMap<Y.Map<unknown>>('touchpoints').get(nodeId)!;
					const check = () => {
						if (entity.get('x') === x) {
							entity.unobserve(check);
							resolve(performance.now());
						}
					};
					entity.observe(check);
				})
		);
		const capture = (update: Uint8Array) => (moveUpdateBytes = update.byteLength);
		clients[0]!.doc.once('update', capture);
		const sent = performance.now();
		writer.moveNodes([{ id: nodeId, x, y: 200 }]);
		for (const arrived of await Promise.all(arrivals)) samples.push(arrived - sent);
		await new Promise((r) => setTimeout(r, 20));
	}
	latency[`${count} clients`] = { clients: count, samples: samples.length, p50Ms: percentile(samples, 0.5), p95Ms: percentile(samples, 0.95), maxMs: percentile(samples, 1) };
	for (const c of clients) c.provider.destroy();
}

// Heap per open journey: 20 demo-sized journeys, one client each (server and client in this process).
global.gc?.();
const before = process.memoryUsage().heapUsed;
const open = [];
for (let i = 0; i < 20; i++) {
	const client = connectClient(await newJourney(`Memory ${i}`));
	await client.synced;
	open.push(client);
}
global.gc?.();
const heapPerJourneyKb = Math.round((process.memoryUsage().heapUsed - before) / 20 / 1024);
for (const c of open) c.provider.destroy();

const result = {
	benchmark: 'collab',
	date: new Date().toISOString(),
	transport: 'WebSocket over loopback, Hocuspocus 4.7 in-process with the embedded stack',
	latency,
	nodeMoveUpdateBytes: moveUpdateBytes,
	heapPerOpenJourneyKb: heapPerJourneyKb,
	heapNote: 'server document + one client document, demo-sized journey (22 touchpoints); measured with --expose-gc',
	goals: { p95MsAt50Clients: 100 }
};
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/collab.json', JSON.stringify(result, null, 2));
console.log(JSON.stringify(result, null, 2));
await collab.destroy();
http.closeAllConnections();
http.close();
await stack.stop();
rmSync(dir, { recursive: true, force: true });
process.exit(0);
