import type { Cookies } from '@sveltejs/kit';
import type { Stack } from '../stack/index.js';
import { serviceClient, userClient } from '../supabase.js';
import type { AuthBackend, RequestSession } from './backend.js';
import { AuthError, LocalAuth, type LocalSession } from './local.js';
import { ACCESS_TOKEN_SECONDS, REFRESH_TOKEN_SECONDS, verifyAccessToken } from './tokens.js';

const ACCESS_COOKIE = 'js_access';
const REFRESH_COOKIE = 'js_refresh';

/** Local accounts: the app signs the JWTs and keeps them in httpOnly cookies. */
export class LocalAuthBackend implements AuthBackend {
	readonly kind = 'local';
	readonly supportsMagicLink = false;
	private readonly auth: LocalAuth;

	constructor(private readonly stack: Stack) {
		this.auth = new LocalAuth(serviceClient(stack), stack.jwtSecret!);
	}

	async session(cookies: Cookies): Promise<RequestSession> {
		const access = await verifyAccessToken(this.stack.jwtSecret!, cookies.get(ACCESS_COOKIE));
		if (access) {
			const token = cookies.get(ACCESS_COOKIE)!;
			return { user: access.user, accessToken: token, supabase: userClient(this.stack, token) };
		}
		// Access token missing or expired: a live refresh session mints a new one.
		const refreshed = await this.auth.refresh(cookies.get(REFRESH_COOKIE));
		if (!refreshed) {
			if (cookies.get(REFRESH_COOKIE)) this.clear(cookies);
			return { user: null, accessToken: null, supabase: userClient(this.stack) };
		}
		this.store(cookies, refreshed);
		return { user: refreshed.user, accessToken: refreshed.accessToken, supabase: userClient(this.stack, refreshed.accessToken) };
	}

	async signIn(cookies: Cookies, email: string, password: string) {
		this.store(cookies, await this.auth.signIn(email, password));
	}

	async signUp(cookies: Cookies, email: string, password: string, displayName: string) {
		this.store(cookies, await this.auth.signUp(email, password, displayName));
		return { confirmEmail: false };
	}

	async sendMagicLink(): Promise<void> {
		throw new AuthError('Magic links need an email service: they work in hosted (Supabase) mode. Use your password here.');
	}

	async confirm(): Promise<void> {
		throw new AuthError('Email links are not used in local mode.');
	}

	async signOut(cookies: Cookies) {
		await this.auth.signOut(cookies.get(REFRESH_COOKIE));
		this.clear(cookies);
	}

	async verifyToken(token: string) {
		return (await verifyAccessToken(this.stack.jwtSecret!, token))?.user ?? null;
	}

	private store(cookies: Cookies, session: LocalSession) {
		const options = { path: '/', httpOnly: true, sameSite: 'lax' as const };
		cookies.set(ACCESS_COOKIE, session.accessToken, { ...options, maxAge: ACCESS_TOKEN_SECONDS });
		cookies.set(REFRESH_COOKIE, session.refreshToken, { ...options, maxAge: REFRESH_TOKEN_SECONDS });
	}

	private clear(cookies: Cookies) {
		cookies.delete(ACCESS_COOKIE, { path: '/' });
		cookies.delete(REFRESH_COOKIE, { path: '/' });
	}
}
