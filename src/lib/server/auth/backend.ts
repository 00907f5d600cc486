import type { Cookies } from '@sveltejs/kit';
import type { SupabaseClient } from '@supabase/supabase-js';
import type { SessionUser } from './tokens.js';

/** The signed-in user and the JWT that PostgREST sees for this request. */
export interface RequestSession {
	user: SessionUser | null;
	accessToken: string | null;
	/** supabase-js acting as this user (or anon): every read and write of the request. */
	supabase: SupabaseClient;
}

/**
 * One auth implementation per mode: local accounts (embedded / Postgres-server) or Supabase Auth
 * (hosted). Routes only ever talk to this interface.
 */
export interface AuthBackend {
	readonly kind: 'local' | 'supabase';
	/** Whether magic links can be sent (needs GoTrue's mailer: hosted mode only). */
	readonly supportsMagicLink: boolean;
	session(cookies: Cookies): Promise<RequestSession>;
	signIn(cookies: Cookies, email: string, password: string): Promise<void>;
	signUp(cookies: Cookies, email: string, password: string, displayName: string, redirectTo: string): Promise<{ confirmEmail: boolean }>;
	sendMagicLink(email: string, redirectTo: string): Promise<void>;
	/** Completes an emailed link (hosted: verifyOtp with the token hash). */
	confirm(cookies: Cookies, tokenHash: string, type: string): Promise<void>;
	signOut(cookies: Cookies): Promise<void>;
	/** The user of a bearer JWT (the collaboration socket authenticates with one), or null. */
	verifyToken(token: string): Promise<SessionUser | null>;
}
