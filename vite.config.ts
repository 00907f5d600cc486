/// <reference types="vitest/config" />
import adapter from '@sveltejs/adapter-node';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig, type Plugin } from 'vite';

/**
 * In `vite dev` SvelteKit loads the server hooks lazily, on the first request. Journey Studio
 * starts its embedded database and PostgREST from those hooks, so this plugin sends one
 * request as soon as the dev server listens: the stack is up (and its startup line printed)
 * before anyone opens the browser.
 */
function startStackEagerly(): Plugin {
	return {
		name: 'journey-studio:start-stack',
		apply: 'serve',
		configureServer(server) {
			server.httpServer?.once('listening', () => {
				const address = server.httpServer?.address();
				if (!address || typeof address === 'string') return;
				const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
				fetch(`http://${host === '[::]' || host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}/healthz`).catch(
					(error: unknown) => console.error('[journey-studio] warm-up request failed:', error)
				);
			});
		}
	};
}

/**
 * Real-time editing in dev: WebSocket upgrades for /collab go to the app's collaboration server
 * (the same one scripts/serve.ts uses in production). Vite's own HMR socket is left alone.
 */
function collabSocket(): Plugin {
	return {
		name: 'journey-studio:collab',
		apply: 'serve',
		configureServer(server) {
			server.httpServer?.on('upgrade', async (request, socket, head) => {
				if (!request.url?.startsWith('/collab')) return;
				const runtime = await (globalThis as Record<symbol, Promise<{ collab: { handleUpgrade: (...args: unknown[]) => boolean } }> | undefined>)[
					Symbol.for('journey-studio.runtime')
				];
				if (!runtime) socket.destroy();
				else runtime.collab.handleUpgrade(request, socket, head);
			});
		}
	};
}

export default defineConfig({
	plugins: [
		// SvelteKit 3 takes all of its options (and the Svelte compiler's) here: it refuses to
		// start when a svelte.config.js exists.
		sveltekit({ adapter: adapter(), compilerOptions: { runes: true } }),
		startStackEagerly(),
		collabSocket()
	],
	server: { watch: { ignored: ['**/.data/**', '**/test-results/**', '**/bench/results/**'] } },
	test: {
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					include: ['tests/unit/**/*.test.ts'],
					environment: 'node'
				}
			},
			{
				extends: true,
				test: {
					name: 'integration',
					include: ['tests/integration/**/*.test.ts'],
					environment: 'node',
					// Each file starts its own database stack: run them one at a time on 2 cores.
					fileParallelism: false,
					testTimeout: 60_000,
					hookTimeout: 180_000
				}
			}
		]
	}
});
