/** A minimal SQL session: PGlite and node-postgres both fit behind it. */
export interface SqlSession {
	exec(sql: string): Promise<void>;
	query<Row>(sql: string, params?: unknown[]): Promise<Row[]>;
}

export interface MigrationFile {
	/** File name, e.g. 20261122100000_workspaces.sql */
	name: string;
	sql: string;
}

export class MigrationError extends Error {
	constructor(
		readonly file: string,
		readonly cause: unknown
	) {
		super(`Migration ${file} failed: ${cause instanceof Error ? cause.message : String(cause)}`);
		this.name = 'MigrationError';
	}
}

/** Version = the timestamp prefix of the file name, as the Supabase CLI records it. */
export function migrationVersion(name: string): string {
	const match = /^(\d+)_/.exec(name);
	if (!match?.[1]) throw new Error(`Migration file ${name} must start with a timestamp, e.g. 20261122100000_name.sql`);
	return match[1];
}

/**
 * Applies the local bootstrap (idempotent) and then every migration not yet recorded, in file
 * name order, each in its own transaction together with its bookkeeping row. A failing
 * migration is rolled back and reported with its file name; later ones are not attempted.
 * Returns the names of the migrations applied by this call.
 */
export async function applyMigrations(
	db: SqlSession,
	bootstrapSql: string,
	files: MigrationFile[]
): Promise<string[]> {
	await runInTransaction(db, 'supabase/local/bootstrap.sql', () => db.exec(bootstrapSql));
	const applied = new Set(
		(await db.query<{ version: string }>('select version from supabase_migrations.schema_migrations')).map(
			(row) => row.version
		)
	);
	const pending = [...files]
		.sort((a, b) => a.name.localeCompare(b.name))
		.filter((file) => !applied.has(migrationVersion(file.name)));
	for (const file of pending) {
		await runInTransaction(db, file.name, async () => {
			await db.exec(file.sql);
			await db.query(
				'insert into supabase_migrations.schema_migrations (version, name, statements) values ($1, $2, $3)',
				[migrationVersion(file.name), file.name.replace(/^\d+_|\.sql$/g, ''), [file.sql]]
			);
		});
	}
	return pending.map((file) => file.name);
}

async function runInTransaction(db: SqlSession, file: string, body: () => Promise<void>): Promise<void> {
	await db.exec('begin');
	try {
		await body();
		await db.exec('commit');
	} catch (error) {
		await db.exec('rollback').catch(() => undefined);
		throw new MigrationError(file, error);
	}
}
