import { createClient, type SupabaseClient } from '@supabase/supabase-js';

/**
 * supabase-js in the browser, acting as the signed-in user: the app hands out a short-lived
 * access token (/api/token) and the API address and anon key (/api/config), never a service key.
 * RLS decides everything this client may read or write.
 */
let client: Promise<SupabaseClient> | null = null;
let token: { value: string; expires: number } | null = null;

async function accessToken(): Promise<string> {
	// Refresh a minute before expiry; the server refreshes the cookie session as needed.
	if (token && token.expires - Date.now() > 60_000) return token.value;
	const response = await fetch('/api/token', { cache: 'no-store' });
	if (!response.ok) throw new Error('Your session has ended. Sign in again.');
	const value = ((await response.json()) as { token: string }).token;
	token = { value, expires: expiryOf(value) };
	return value;
}

function expiryOf(jwt: string): number {
	try {
		const payload = JSON.parse(atob(jwt.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: number };
		return (payload.exp ?? 0) * 1000;
	} catch {
		return 0;
	}
}

export function browserClient(): Promise<SupabaseClient> {
	client ??= fetch('/api/config')
		.then((response) => {
			if (!response.ok) throw new Error('Could not reach the server.');
			return response.json() as Promise<{ supabaseUrl: string; anonKey: string }>;
		})
		.then(({ supabaseUrl, anonKey }) =>
			createClient(supabaseUrl, anonKey, {
				accessToken,
				auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false }
			})
		)
		.catch((error: unknown) => {
			client = null; // try again next time
			throw error;
		});
	return client;
}
