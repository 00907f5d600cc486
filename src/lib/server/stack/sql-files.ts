import type { MigrationFile } from './migrations.js';

// Bundled into the server build at build time, so the built app needs no source tree.
const migrationSources = import.meta.glob<string>('/supabase/migrations/*.sql', {
	query: '?raw',
	import: 'default',
	eager: true
});
const bootstrapSources = import.meta.glob<string>('/supabase/local/bootstrap.sql', {
	query: '?raw',
	import: 'default',
	eager: true
});

export const migrationFiles: MigrationFile[] = Object.entries(migrationSources)
	.map(([path, sql]) => ({ name: path.split('/').pop() ?? path, sql }))
	.sort((a, b) => a.name.localeCompare(b.name));

export const bootstrapSql: string = Object.values(bootstrapSources)[0] ?? '';
if (!bootstrapSql) throw new Error('supabase/local/bootstrap.sql is missing from the build');
