import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit/hooks';
import * as env from '$app/env/private';
import * as publicEnv from '$app/env/public';
import { getRuntime } from '#lib/server/runtime.js';
import { frameHeaders } from '#lib/server/http/frames.js';

const runtimeEnv = () => ({
	PUBLIC_SUPABASE_URL: publicEnv.PUBLIC_SUPABASE_URL,
	PUBLIC_SUPABASE_ANON_KEY: publicEnv.PUBLIC_SUPABASE_ANON_KEY,
	SUPABASE_SERVICE_ROLE_KEY: env.SUPABASE_SERVICE_ROLE_KEY,
	DATABASE_URL: env.DATABASE_URL,
	DATA_DIR: env.DATA_DIR,
	JWT_SECRET: env.JWT_SECRET,
	REDIS_URL: env.REDIS_URL,
	SEED_DEMO: env.SEED_DEMO ? 'true' : 'false'
});

/** Start the database stack before the first request (at boot with `npm start`). */
export const init: ServerInit = async () => {
	await getRuntime(runtimeEnv());
};

export const handle: Handle = async ({ event, resolve }) => {
	const runtime = await getRuntime(runtimeEnv());
	event.locals.runtime = runtime;
	// The REST proxy forwards the caller's own Authorization header; it needs no session.
	if (event.url.pathname.startsWith('/rest/v1')) return resolve(event);

	const session = await runtime.auth.session(event.cookies);
	event.locals.user = session.user;
	event.locals.accessToken = session.accessToken;
	event.locals.supabase = session.supabase;

	const response = await resolve(event);
	response.headers.set('x-content-type-options', 'nosniff');
	response.headers.set('referrer-policy', 'same-origin');
	frameHeaders(event.url.pathname, response.headers);
	return response;
};

/** Errors we did not throw on purpose are logged, and the browser gets no internals. */
export const handleError: HandleServerError = (caught) => {
	if (caught.kind !== 'unknown') return;
	console.error('[journey-studio] unexpected error:', caught.error);
	return { message: 'Something went wrong on our side. Please try again.' };
};
