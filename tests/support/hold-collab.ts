/**
 * Test helper run as a child process: the embedded stack on DATA_DIR plus the collaboration
 * server on COLLAB_PORT, like the app. Prints one JSON line, then waits to be killed.
 */
import { createServer } from 'node:http';
import { runnerImport } from 'vite';

type StackModule = typeof import('../../src/lib/server/stack/index.ts');
type CollabModule = typeof import('../../src/lib/server/collab/server.ts');
type AuthModule = typeof import('../../src/lib/server/auth/local-backend.ts');
const load = async <T>(path: string) => (await runnerImport<T>(path, { logLevel: 'error' })).module;
const { startStack } = await load<StackModule>('/src/lib/server/stack/index.ts');
const { createCollabServer } = await load<CollabModule>('/src/lib/server/collab/server.ts');
const { LocalAuthBackend } = await load<AuthModule>('/src/lib/server/auth/local-backend.ts');

const stack = await startStack({ mode: 'embedded', dataDir: process.env.DATA_DIR!, log: () => undefined });
const collab = createCollabServer(stack, new LocalAuthBackend(stack));
const http = createServer((_req, res) => res.writeHead(404).end());
http.on('upgrade', (req, socket, head) => {
	if (!collab.handleUpgrade(req, socket, head)) socket.destroy();
});
http.listen(Number(process.env.COLLAB_PORT), '127.0.0.1', () => {
	console.log(
		JSON.stringify({
			ready: true,
			postgrestUrl: stack.postgrestUrl,
			anonKey: stack.anonKey,
			serviceRoleKey: stack.serviceRoleKey,
			jwtSecret: stack.jwtSecret
		})
	);
});
setInterval(() => undefined, 60_000);
