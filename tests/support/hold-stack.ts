/**
 * Test helper run as a child process: opens the embedded stack on DATA_DIR, prints one JSON
 * line describing it, then waits to be killed. Lets tests kill "the app" the hard way.
 */
import { runnerImport } from 'vite';

type StackModule = typeof import('../../src/lib/server/stack/index.ts');
const { startStack } = (await runnerImport<StackModule>('/src/lib/server/stack/index.ts', { logLevel: 'error' })).module;

try {
	const stack = await startStack({ mode: 'embedded', dataDir: process.env.DATA_DIR!, log: () => undefined });
	console.log(JSON.stringify({ ready: true, processGroup: stack.postgrest?.processGroup, postgrestUrl: stack.postgrestUrl }));
	setInterval(() => undefined, 60_000);
} catch (error) {
	console.log(JSON.stringify({ ready: false, error: error instanceof Error ? error.message : String(error) }));
	process.exit(3);
}
