import { defineEnvVars } from '@sveltejs/kit/env';

const optional = (value: string | undefined) => (value ? value : undefined);

/**
 * Every environment variable the app reads (PORT, HOST, ORIGIN and the other adapter-node
 * settings are read by the adapter itself). All are read when the server starts, not at build.
 * README.md documents each one.
 */
export const variables = defineEnvVars({
	PUBLIC_SUPABASE_URL: {
		public: true,
		schema: optional,
		description: 'Hosted mode: the Supabase project URL. Unset = embedded (or Postgres-server) mode.'
	},
	PUBLIC_SUPABASE_ANON_KEY: {
		public: true,
		schema: optional,
		description: 'Hosted mode: the project anon (publishable) key.'
	},
	SUPABASE_SERVICE_ROLE_KEY: {
		schema: optional,
		description: 'Hosted mode: the service-role key, used by server code only.'
	},
	DATABASE_URL: {
		schema: optional,
		description: 'Postgres-server mode: migrate this database and run PostgREST against it.'
	},
	DATA_DIR: {
		schema: (value) => value || '.data',
		description: 'Folder for the embedded database, the generated JWT secret and uploads (default .data).'
	},
	JWT_SECRET: {
		schema: optional,
		description: 'HS256 secret (>= 32 chars) for local-mode JWTs; generated into DATA_DIR when unset.'
	},
	REDIS_URL: {
		schema: optional,
		description: 'redis://host:port: share live editing between several app instances (Postgres-server or hosted mode).'
	},
	SEED_DEMO: {
		schema: (value) => value !== 'false',
		description: 'Create the demo account and workspace on an empty database (default true; "false" turns it off).'
	}
});
