import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startStack, type Stack } from '#lib/server/stack/index.js';

export interface TestEngine {
	name: 'pglite' | 'postgres';
	start(): Promise<Stack>;
}

/** The engines integration tests run against: PGlite always, a Postgres server when
 * TEST_DATABASE_URL is set (each start gets its own fresh database, dropped at stop). */
export const engines: TestEngine[] = [
	{ name: 'pglite', start: startEmbeddedForTest },
	...(process.env.TEST_DATABASE_URL ? [{ name: 'postgres' as const, start: startServerForTest }] : [])
];

export async function startEmbeddedForTest(): Promise<Stack> {
	const dir = mkdtempSync(join(tmpdir(), 'js-test-'));
	const stack = await startStack({ mode: 'embedded', dataDir: dir, log: quietLog });
	return withCleanup(stack, async () => rmSync(dir, { recursive: true, force: true }));
}

export async function startServerForTest(): Promise<Stack> {
	const adminUrl = process.env.TEST_DATABASE_URL!;
	const name = `js_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
	await withAdmin(adminUrl, (client) => client.query(`create database ${name}`));
	const url = new URL(adminUrl);
	url.pathname = `/${name}`;
	const dir = mkdtempSync(join(tmpdir(), 'js-test-'));
	const stack = await startStack({ mode: 'postgres', dataDir: dir, databaseUrl: url.href, log: quietLog });
	const started = withCleanup(stack, async () => {
		rmSync(dir, { recursive: true, force: true });
		await withAdmin(adminUrl, (client) => client.query(`drop database if exists ${name} with (force)`));
	});
	// Tests that need their own sessions (e.g. two transactions racing) connect here.
	return Object.assign(started, { databaseUrl: url.href });
}

function quietLog(line: string) {
	if (/error|fatal/i.test(line)) console.error(line);
}

async function withAdmin<T>(url: string, body: (client: pg.Client) => Promise<T>): Promise<T> {
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	try {
		return await body(client);
	} finally {
		await client.end();
	}
}

function withCleanup(stack: Stack, cleanup: () => Promise<void>): Stack {
	return {
		...stack,
		async stop() {
			await stack.stop();
			await cleanup();
		}
	};
}
