import { PGlite } from '@electric-sql/pglite';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { MigrationError, applyMigrations, type SqlSession } from '#lib/server/stack/migrations.js';
import { bootstrapSql, migrationFiles } from '#lib/server/stack/sql-files.js';

let db: PGlite;
let session: SqlSession;

beforeEach(async () => {
	db = await PGlite.create();
	session = {
		exec: async (sql) => void (await db.exec(sql)),
		query: async <Row>(sql: string, params?: unknown[]) => (await db.query<Row>(sql, params)).rows
	};
});
afterEach(() => db.close());

const tables = async () =>
	(await db.query<{ t: string }>("select table_name as t from information_schema.tables where table_schema = 'public' order by 1")).rows.map(
		(r) => r.t
	);

describe('migrations', () => {
	test('apply in order, once, and are recorded like the Supabase CLI records them', async () => {
		const applied = await applyMigrations(session, bootstrapSql, migrationFiles);
		expect(applied).toEqual(migrationFiles.map((f) => f.name));
		expect(await applyMigrations(session, bootstrapSql, migrationFiles)).toEqual([]);
		const versions = (await db.query<{ version: string }>('select version from supabase_migrations.schema_migrations order by 1')).rows;
		expect(versions.map((v) => v.version)).toEqual(migrationFiles.map((f) => f.name.split('_')[0]));
	});

	test('every table and function in public carries a comment', async () => {
		await applyMigrations(session, bootstrapSql, migrationFiles);
		const uncommented = await db.query<{ name: string }>(`
			select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
			where n.nspname = 'public' and c.relkind = 'r' and obj_description(c.oid, 'pg_class') is null
			union all
			select p.proname from pg_proc p join pg_namespace n on n.oid = p.pronamespace
			where n.nspname in ('public', 'private') and obj_description(p.oid, 'pg_proc') is null`);
		expect(uncommented.rows).toEqual([]);
	});

	test('every public table has RLS enabled', async () => {
		await applyMigrations(session, bootstrapSql, migrationFiles);
		const open = await db.query<{ name: string }>(`
			select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
			where n.nspname = 'public' and c.relkind = 'r' and not c.relrowsecurity`);
		expect(open.rows).toEqual([]);
	});

	test('a failing migration stops with its file name and the SQL error, leaving the database as it was', async () => {
		const good = { name: '20990101000000_good.sql', sql: 'create table public.good_one (id int);' };
		const bad = {
			name: '20990102000000_bad.sql',
			sql: 'create table public.half_done (id int); select no_such_function();'
		};
		const later = { name: '20990103000000_later.sql', sql: 'create table public.never_reached (id int);' };
		const error = await applyMigrations(session, bootstrapSql, [...migrationFiles, good, bad, later]).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(MigrationError);
		expect((error as MigrationError).message).toMatch(/20990102000000_bad\.sql.*no_such_function/);
		const now = await tables();
		expect(now).toContain('good_one');
		expect(now).not.toContain('half_done');
		expect(now).not.toContain('never_reached');
		const recorded = (await db.query<{ version: string }>('select version from supabase_migrations.schema_migrations')).rows.map((r) => r.version);
		expect(recorded).toContain('20990101000000');
		expect(recorded).not.toContain('20990102000000');
	});
});
