import type { SupabaseClient } from '@supabase/supabase-js';
import { hashPassword, passwordProblem, verifyPassword } from './password.js';
import {
	REFRESH_TOKEN_SECONDS,
	signAccessToken,
	signRefreshToken,
	verifyRefreshToken,
	type SessionUser
} from './tokens.js';

/** A user-facing auth failure (shown on the form), as opposed to a server fault. */
export class AuthError extends Error {
	constructor(
		message: string,
		readonly field?: 'email' | 'password' | 'displayName'
	) {
		super(message);
		this.name = 'AuthError';
	}
}

export interface LocalSession {
	user: SessionUser;
	accessToken: string;
	refreshToken: string;
	sessionId: string;
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/**
 * Local accounts for the embedded and Postgres-server modes (no GoTrue there). Users live in
 * auth.users like on Supabase; the service-role client calls the local_auth functions, and the
 * tokens it signs are the same shape Supabase Auth issues, so RLS cannot tell the difference.
 */
export class LocalAuth {
	constructor(
		private readonly service: SupabaseClient,
		private readonly jwtSecret: string
	) {}

	async signUp(email: string, password: string, displayName: string): Promise<LocalSession> {
		const cleanEmail = email.trim().toLowerCase();
		if (!EMAIL.test(cleanEmail)) throw new AuthError('Enter a valid email address.', 'email');
		const problem = passwordProblem(password);
		if (problem) throw new AuthError(problem, 'password');
		const name = displayName.trim() || cleanEmail.split('@')[0]!;
		if (name.length > 120) throw new AuthError('Use at most 120 characters.', 'displayName');
		const { data: userId, error } = await this.service.schema('local_auth').rpc('create_user', {
			p_email: cleanEmail,
			p_password_hash: await hashPassword(password),
			p_display_name: name
		});
		if (error?.code === '23505') throw new AuthError('An account with this email already exists. Sign in instead.', 'email');
		if (error) throw new Error(`Sign-up failed: ${error.message}`);
		return this.openSession({ id: userId as string, email: cleanEmail, displayName: name });
	}

	async signIn(email: string, password: string): Promise<LocalSession> {
		const { data, error } = await this.service
			.schema('local_auth')
			.rpc('find_user', { p_email: email })
			.maybeSingle<{ id: string; email: string; password_hash: string | null; display_name: string | null }>();
		if (error) throw new Error(`Sign-in failed: ${error.message}`);
		// Same message for an unknown email and a wrong password: do not reveal which accounts exist.
		if (!data?.password_hash || !(await verifyPassword(password, data.password_hash))) {
			throw new AuthError('Email or password is wrong.');
		}
		return this.openSession({ id: data.id, email: data.email, displayName: data.display_name ?? '' });
	}

	/** Exchanges a refresh token for a new access token while its session is live. */
	async refresh(refreshToken: string | undefined): Promise<LocalSession | null> {
		const claims = await verifyRefreshToken(this.jwtSecret, refreshToken);
		if (!claims) return null;
		const { data, error } = await this.service
			.schema('local_auth')
			.rpc('session_owner', { p_session_id: claims.sessionId })
			.maybeSingle<{ user_id: string; email: string; display_name: string | null }>();
		if (error) throw new Error(`Session refresh failed: ${error.message}`);
		if (!data || data.user_id !== claims.userId) return null;
		const user = { id: data.user_id, email: data.email, displayName: data.display_name ?? '' };
		return {
			user,
			sessionId: claims.sessionId,
			accessToken: await signAccessToken(this.jwtSecret, user, claims.sessionId),
			refreshToken: refreshToken!
		};
	}

	async signOut(refreshToken: string | undefined): Promise<void> {
		const claims = await verifyRefreshToken(this.jwtSecret, refreshToken);
		if (!claims) return;
		const { error } = await this.service.schema('local_auth').rpc('end_session', { p_session_id: claims.sessionId });
		if (error) throw new Error(`Sign-out failed: ${error.message}`);
	}

	private async openSession(user: SessionUser): Promise<LocalSession> {
		const { data: sessionId, error } = await this.service
			.schema('local_auth')
			.rpc('start_session', { p_user_id: user.id, p_ttl_seconds: REFRESH_TOKEN_SECONDS });
		if (error) throw new Error(`Could not start a session: ${error.message}`);
		return {
			user,
			sessionId: sessionId as string,
			accessToken: await signAccessToken(this.jwtSecret, user, sessionId as string),
			refreshToken: await signRefreshToken(this.jwtSecret, user.id, sessionId as string)
		};
	}
}
