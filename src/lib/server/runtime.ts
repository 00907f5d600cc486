import type { AuthBackend } from './auth/backend.js';
import { LocalAuthBackend } from './auth/local-backend.js';
import { SupabaseAuthBackend } from './auth/supabase-backend.js';
import { DEMO_EMAIL, DEMO_PASSWORD, databaseIsEmpty, seedDemo } from './demo/seed.js';
import { configFromEnv, startStack, type Stack } from './stack/index.js';
import { createCollabServer, type CollabServer } from './collab/server.js';

export interface Runtime {
	stack: Stack;
	auth: AuthBackend;
	/** Real-time editing of journey maps (WebSocket at /collab). */
	collab: CollabServer;
	/** Demo credentials to show on the sign-in page (local modes with the demo seeded). */
	demo: { email: string; password: string } | null;
}

type Env = Record<string, string | undefined>;

// One runtime per process, kept on globalThis: in `vite dev` the server modules can be loaded
// more than once (HMR), and the database must still be opened exactly once.
const KEY = Symbol.for('journey-studio.runtime');
type Holder = { [KEY]?: Promise<Runtime> };

export function getRuntime(env: Env): Promise<Runtime> {
	const holder = globalThis as Holder;
	holder[KEY] ??= boot(env).catch((error: unknown) => {
		console.error(`\n[journey-studio] could not start: ${error instanceof Error ? error.message : String(error)}\n`);
		// A half-started server is worse than none: the message above says what to fix.
		process.exit(1);
	});
	return holder[KEY];
}

async function boot(env: Env): Promise<Runtime> {
	const started = performance.now();
	const config = configFromEnv(env);
	const stack = await startStack(config);
	const auth = stack.mode === 'hosted' ? new SupabaseAuthBackend(stack) : new LocalAuthBackend(stack);
	const collab = createCollabServer(stack, auth, { redisUrl: env.REDIS_URL || undefined });
	installShutdown(stack, collab);

	let demo: Runtime['demo'] = null;
	if (stack.mode !== 'hosted' && env.SEED_DEMO !== 'false') {
		if (await databaseIsEmpty(stack)) {
			const report = await seedDemo(stack);
			console.log(
				`[journey-studio] seeded the demo workspace in ${report.milliseconds} ms ` +
					`(${report.counts.responses} responses, ${report.counts.feedback} comments, ${report.counts.cases} cases)`
			);
		}
		demo = { email: DEMO_EMAIL, password: DEMO_PASSWORD };
	}

	const where =
		stack.mode === 'embedded'
			? `embedded PGlite in ${stack.dataDir}`
			: stack.mode === 'postgres'
				? `Postgres server ${redact(config.databaseUrl!)}`
				: `hosted Supabase at ${stack.supabaseUrl}`;
	const sharing = env.REDIS_URL ? `; live editing shared through Redis ${redact(env.REDIS_URL)}` : '';
	console.log(
		`[journey-studio] ${stack.mode} mode: ${where}; ready in ${Math.round(performance.now() - started)} ms` +
			sharing +
			(demo ? `; demo sign-in ${demo.email} / ${demo.password}` : '')
	);
	return { stack, auth, collab, demo };
}

function redact(url: string): string {
	try {
		const parsed = new URL(url);
		if (parsed.password) parsed.password = '***';
		return parsed.href;
	} catch {
		return '(DATABASE_URL)';
	}
}

/** The runtime of this process once booted (the dev server's WebSocket hook and scripts/serve.ts use it). */
export function bootedRuntime(): Promise<Runtime> | undefined {
	return (globalThis as Holder)[KEY];
}

/**
 * On Ctrl-C / SIGTERM: store open journey documents, then close PostgREST and PGlite cleanly
 * (an unclean stop is survivable, a clean one loses nothing and reopens faster).
 */
function installShutdown(stack: Stack, collab: CollabServer) {
	let stopping = false;
	const stop = (signal: NodeJS.Signals) => {
		if (stopping) return;
		stopping = true;
		collab
			.destroy()
			.catch((error: unknown) => console.error('[journey-studio] error while storing open documents:', error))
			.then(() => stack.stop())
			.catch((error: unknown) => console.error('[journey-studio] error while stopping:', error))
			.finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}
