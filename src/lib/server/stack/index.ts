import { resolve } from 'node:path';
import { applyMigrations } from './migrations.js';
import { bootstrapSql, migrationFiles } from './sql-files.js';
import { lockDataDir } from './lock.js';
import { loadJwtSecret, mintApiKey } from './keys.js';
import { openEmbedded, openServer, type Database } from './databases.js';
import { startPostgrest, type PostgrestHandle } from './postgrest.js';

export type StackMode = 'embedded' | 'postgres' | 'hosted';

/** Everything the stack needs to know, read from the environment by `configFromEnv`. */
export interface StackConfig {
	mode: StackMode;
	dataDir: string;
	databaseUrl?: string;
	jwtSecret?: string;
	supabaseUrl?: string;
	anonKey?: string;
	serviceRoleKey?: string;
	log?: (line: string) => void;
}

/** A running data stack: where the REST API is, with which keys. */
export interface Stack {
	readonly mode: StackMode;
	readonly dataDir: string;
	/** Base URL for supabase-js used by the server (it appends /rest/v1). */
	readonly supabaseUrl: string;
	/** Where PostgREST itself listens (local modes); requests to /rest/v1/* are forwarded here. */
	readonly postgrestUrl?: string;
	readonly anonKey: string;
	readonly serviceRoleKey: string;
	/** HS256 secret for signing user JWTs (local modes only; hosted mode uses Supabase Auth). */
	readonly jwtSecret?: string;
	readonly postgrest?: PostgrestHandle;
	/** Migrations this start applied (empty when the database was up to date). */
	readonly appliedMigrations: string[];
	stop(): Promise<void>;
}

type Env = Record<string, string | undefined>;

export function configFromEnv(env: Env): StackConfig {
	const dataDir = resolve(env.DATA_DIR || '.data');
	if (env.PUBLIC_SUPABASE_URL) {
		if (!env.PUBLIC_SUPABASE_ANON_KEY) throw new Error('PUBLIC_SUPABASE_URL is set but PUBLIC_SUPABASE_ANON_KEY is not');
		return {
			mode: 'hosted',
			dataDir,
			supabaseUrl: env.PUBLIC_SUPABASE_URL.replace(/\/+$/, ''),
			anonKey: env.PUBLIC_SUPABASE_ANON_KEY,
			serviceRoleKey: env.SUPABASE_SERVICE_ROLE_KEY
		};
	}
	return {
		mode: env.DATABASE_URL ? 'postgres' : 'embedded',
		dataDir,
		databaseUrl: env.DATABASE_URL || undefined,
		jwtSecret: env.JWT_SECRET || undefined
	};
}

/**
 * Starts the data stack for a mode:
 * - embedded: lock DATA_DIR, open PGlite, migrate, serve it on a socket, start PostgREST;
 * - postgres: migrate the DATABASE_URL server, start PostgREST against it;
 * - hosted: nothing to start, the Supabase project is the stack.
 */
export async function startStack(config: StackConfig): Promise<Stack> {
	const log = config.log ?? ((line: string) => console.log(line));
	if (config.mode === 'hosted') {
		return {
			mode: 'hosted',
			dataDir: config.dataDir,
			supabaseUrl: config.supabaseUrl!,
			anonKey: config.anonKey!,
			serviceRoleKey: config.serviceRoleKey ?? '',
			appliedMigrations: [],
			stop: async () => undefined
		};
	}

	const releaseLock = config.mode === 'embedded' ? lockDataDir(config.dataDir) : () => undefined;
	let database: Database | undefined;
	try {
		const jwtSecret = loadJwtSecret(config.dataDir, config.jwtSecret);
		database =
			config.mode === 'embedded' ? await openEmbedded(config.dataDir) : await openServer(config.databaseUrl!);
		const appliedMigrations = await applyMigrations(database.session, bootstrapSql, migrationFiles);
		await database.serve();
		const postgrest = await startPostgrest({
			dbUri: database.postgrestUri,
			jwtSecret,
			singleConnection: database.singleConnection,
			log
		});
		const [anonKey, serviceRoleKey] = await Promise.all([
			mintApiKey(jwtSecret, 'anon'),
			mintApiKey(jwtSecret, 'service_role')
		]);
		const db = database;
		return {
			mode: config.mode,
			dataDir: config.dataDir,
			supabaseUrl: postgrest.url,
			postgrestUrl: postgrest.url,
			anonKey,
			serviceRoleKey,
			jwtSecret,
			postgrest,
			appliedMigrations,
			async stop() {
				await postgrest.stop();
				await db.close();
				releaseLock();
			}
		};
	} catch (error) {
		await database?.close().catch(() => undefined);
		releaseLock();
		throw error;
	}
}
