import { createServer, type Server } from 'node:http';
import { HocuspocusProvider } from '@hocuspocus/provider';
import * as Y from 'yjs';
import { LocalAuthBackend } from '#lib/server/auth/local-backend.js';
import { createCollabServer, type CollabOptions, type CollabServer } from '#lib/server/collab/server.js';
import type { Stack } from '#lib/server/stack/index.js';

/** The collaboration server on its own loopback HTTP server, as the app mounts it. */
export async function startCollab(
	stack: Stack,
	options: CollabOptions = {}
): Promise<{ collab: CollabServer; url: string; close(): Promise<void> }> {
	const collab = createCollabServer(stack, new LocalAuthBackend(stack), options);
	const http: Server = createServer((_req, res) => res.writeHead(404).end());
	http.on('upgrade', (req, socket, head) => {
		if (!collab.handleUpgrade(req, socket, head)) socket.destroy();
	});
	await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
	const address = http.address() as { port: number };
	return {
		collab,
		url: `ws://127.0.0.1:${address.port}/collab`,
		async close() {
			await collab.destroy();
			http.closeAllConnections();
			await new Promise((resolve) => http.close(resolve));
		}
	};
}

export interface Client {
	doc: Y.Doc;
	provider: HocuspocusProvider;
	/** Resolves with 'synced' | 'readonly-synced' or the refusal reason. */
	outcome: Promise<string>;
}

export function connect(url: string, journeyId: string, token: string): Client {
	const doc = new Y.Doc();
	let settle!: (value: string) => void;
	const outcome = new Promise<string>((resolve) => (settle = resolve));
	const provider = new HocuspocusProvider({
		url,
		name: journeyId,
		document: doc,
		token,
		onSynced: () => settle(provider.authorizedScope === 'readonly' ? 'readonly-synced' : 'synced'),
		onAuthenticationFailed: ({ reason }) => settle(reason)
	});
	return { doc, provider, outcome };
}

export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 5000, what = 'condition'): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (await condition()) return;
		await new Promise((r) => setTimeout(r, 25));
	}
	throw new Error(`${what}: not met within ${timeoutMs} ms`);
}
