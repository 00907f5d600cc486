import type { Cookies } from '@sveltejs/kit';
import { createServerClient } from '@supabase/ssr';
import type { EmailOtpType } from '@supabase/supabase-js';
import type { Stack } from '../stack/index.js';
import type { AuthBackend, RequestSession } from './backend.js';
import { AuthError } from './local.js';

/** Hosted mode: Supabase Auth through @supabase/ssr's cookie pattern. */
export class SupabaseAuthBackend implements AuthBackend {
	readonly kind = 'supabase';
	readonly supportsMagicLink = true;

	constructor(private readonly stack: Stack) {}

	private client(cookies: Cookies) {
		return createServerClient(this.stack.supabaseUrl, this.stack.anonKey, {
			cookies: {
				getAll: () => cookies.getAll(),
				setAll: (toSet) => {
					for (const { name, value, options } of toSet) cookies.set(name, value, { ...options, path: '/' });
				}
			}
		});
	}

	async session(cookies: Cookies): Promise<RequestSession> {
		const supabase = this.client(cookies);
		// getClaims verifies the JWT (and refreshes an expired session through the cookies).
		const { data } = await supabase.auth.getClaims();
		const claims = data?.claims;
		if (!claims?.sub) return { user: null, accessToken: null, supabase };
		const { data: sessionData } = await supabase.auth.getSession();
		const meta = (claims.user_metadata ?? {}) as { display_name?: string };
		return {
			user: { id: claims.sub, email: String(claims.email ?? ''), displayName: meta.display_name ?? '' },
			accessToken: sessionData.session?.access_token ?? null,
			supabase
		};
	}

	async signIn(cookies: Cookies, email: string, password: string) {
		const { error } = await this.client(cookies).auth.signInWithPassword({ email, password });
		if (error) throw new AuthError(error.message);
	}

	async signUp(cookies: Cookies, email: string, password: string, displayName: string, redirectTo: string) {
		const { data, error } = await this.client(cookies).auth.signUp({
			email,
			password,
			options: { data: { display_name: displayName }, emailRedirectTo: redirectTo }
		});
		if (error) throw new AuthError(error.message);
		return { confirmEmail: !data.session };
	}

	async sendMagicLink(email: string, redirectTo: string) {
		const supabase = createServerClient(this.stack.supabaseUrl, this.stack.anonKey, {
			cookies: { getAll: () => [], setAll: () => undefined }
		});
		const { error } = await supabase.auth.signInWithOtp({ email, options: { emailRedirectTo: redirectTo } });
		if (error) throw new AuthError(error.message);
	}

	async confirm(cookies: Cookies, tokenHash: string, type: string) {
		const { error } = await this.client(cookies).auth.verifyOtp({ token_hash: tokenHash, type: type as EmailOtpType });
		if (error) throw new AuthError(error.message);
	}

	async verifyToken(token: string) {
		const supabase = createServerClient(this.stack.supabaseUrl, this.stack.anonKey, {
			cookies: { getAll: () => [], setAll: () => undefined }
		});
		const { data, error } = await supabase.auth.getUser(token);
		if (error || !data.user) return null;
		const meta = (data.user.user_metadata ?? {}) as { display_name?: string };
		return { id: data.user.id, email: data.user.email ?? '', displayName: meta.display_name ?? '' };
	}

	async signOut(cookies: Cookies) {
		await this.client(cookies).auth.signOut();
	}
}
