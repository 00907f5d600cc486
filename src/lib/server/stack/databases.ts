import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import pg from 'pg';
import { freePort } from './ports.js';
import type { SqlSession } from './migrations.js';

/** A database the stack can migrate and point PostgREST at. */
export interface Database {
	session: SqlSession;
	/** Connection string for PostgREST. */
	postgrestUri: string;
	/** PGlite over a socket: one connection only. */
	singleConnection: boolean;
	/** Call once migrations are done and before PostgREST starts. */
	serve(): Promise<void>;
	close(): Promise<void>;
}

/** PGlite (Postgres in WASM) persisted in `<dataDir>/pgdata`, served on a loopback port. */
export async function openEmbedded(dataDir: string): Promise<Database> {
	const db = await PGlite.create(join(dataDir, 'pgdata'));
	const port = await freePort();
	const socketServer = new PGLiteSocketServer({ db, host: '127.0.0.1', port, maxConnections: 1 });
	return {
		session: {
			exec: async (sql) => {
				await db.exec(sql);
			},
			query: async <Row>(sql: string, params?: unknown[]) => (await db.query<Row>(sql, params)).rows
		},
		postgrestUri: `postgres://postgres@127.0.0.1:${port}/postgres`,
		singleConnection: true,
		serve: () => socketServer.start(),
		async close() {
			await socketServer.stop().catch(() => undefined);
			await db.close();
		}
	};
}

/** A Postgres server (DATABASE_URL). Migrations hold an advisory lock, so several app
 * instances starting together apply them once. */
export async function openServer(databaseUrl: string): Promise<Database> {
	const client = new pg.Client({ connectionString: databaseUrl });
	await client.connect();
	await client.query('select pg_advisory_lock(7315001)');
	return {
		session: {
			exec: async (sql) => {
				await client.query(sql);
			},
			query: async <Row>(sql: string, params?: unknown[]) =>
				(await client.query(sql, params as unknown[])).rows as Row[]
		},
		postgrestUri: databaseUrl,
		singleConnection: false,
		async serve() {
			await client.query('select pg_advisory_unlock(7315001)');
		},
		async close() {
			await client.end().catch(() => undefined);
		}
	};
}
