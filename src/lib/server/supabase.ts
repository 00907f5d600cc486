import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import type { Stack } from './stack/index.js';

/**
 * supabase-js for server code. In the local modes the server talks to PostgREST directly
 * (supabase-js adds /rest/v1 to its URL, PostgREST serves at its root, so the prefix is
 * dropped on the way); browsers go through the app's own /rest/v1 route instead.
 */
function stackFetch(stack: Stack): typeof fetch {
	if (!stack.postgrestUrl) return fetch;
	const prefix = `${stack.postgrestUrl}/rest/v1`;
	return (input, init) => {
		const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
		return fetch(url.startsWith(prefix) ? stack.postgrestUrl + url.slice(prefix.length) : input, init);
	};
}

const clientOptions = { auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false } };

/** A client acting as the user whose JWT is given (RLS applies), or as anon without one. */
export function userClient(stack: Stack, accessToken?: string): SupabaseClient {
	return createClient(stack.supabaseUrl, stack.anonKey, {
		...clientOptions,
		global: { fetch: stackFetch(stack) },
		...(accessToken ? { accessToken: async () => accessToken } : {})
	});
}

/** The service-role client: bypasses RLS. Server only; never hand its key to a browser. */
export function serviceClient(stack: Stack): SupabaseClient {
	if (!stack.serviceRoleKey) throw new Error('SUPABASE_SERVICE_ROLE_KEY is not set');
	return createClient(stack.supabaseUrl, stack.serviceRoleKey, {
		...clientOptions,
		global: { fetch: stackFetch(stack) }
	});
}
