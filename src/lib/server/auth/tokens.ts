import { SignJWT, errors, jwtVerify } from 'jose';
import { JWT_ISSUER } from '../stack/keys.js';

/** Access tokens are short-lived like Supabase's; the refresh token keeps the session. */
export const ACCESS_TOKEN_SECONDS = 15 * 60;
export const REFRESH_TOKEN_SECONDS = 30 * 24 * 60 * 60;

export interface SessionUser {
	id: string;
	email: string;
	displayName: string;
}

const key = (secret: string) => new TextEncoder().encode(secret);

/** A JWT in the shape Supabase Auth issues: PostgREST switches to `role`, auth.uid() reads `sub`. */
export function signAccessToken(secret: string, user: SessionUser, sessionId: string): Promise<string> {
	return new SignJWT({
		role: 'authenticated',
		aud: 'authenticated',
		email: user.email,
		session_id: sessionId,
		user_metadata: { display_name: user.displayName }
	})
		.setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
		.setSubject(user.id)
		.setIssuer(JWT_ISSUER)
		.setIssuedAt()
		.setExpirationTime(`${ACCESS_TOKEN_SECONDS}s`)
		.sign(key(secret));
}

export function signRefreshToken(secret: string, userId: string, sessionId: string): Promise<string> {
	return new SignJWT({ typ: 'refresh', sid: sessionId })
		.setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
		.setSubject(userId)
		.setIssuer(JWT_ISSUER)
		.setIssuedAt()
		.setExpirationTime(`${REFRESH_TOKEN_SECONDS}s`)
		.sign(key(secret));
}

export interface VerifiedAccess {
	user: SessionUser;
	sessionId: string;
	expiresAt: number;
}

/** Returns the user of a valid access token, or null for a missing, forged or expired one. */
export async function verifyAccessToken(secret: string, token: string | undefined): Promise<VerifiedAccess | null> {
	if (!token) return null;
	try {
		const { payload } = await jwtVerify(token, key(secret), { issuer: JWT_ISSUER, algorithms: ['HS256'] });
		if (payload.role !== 'authenticated' || !payload.sub || typeof payload.session_id !== 'string') return null;
		const meta = (payload.user_metadata ?? {}) as { display_name?: string };
		return {
			user: { id: payload.sub, email: String(payload.email ?? ''), displayName: meta.display_name ?? '' },
			sessionId: payload.session_id,
			expiresAt: payload.exp ?? 0
		};
	} catch (error) {
		if (error instanceof errors.JOSEError) return null;
		throw error;
	}
}

export async function verifyRefreshToken(
	secret: string,
	token: string | undefined
): Promise<{ userId: string; sessionId: string } | null> {
	if (!token) return null;
	try {
		const { payload } = await jwtVerify(token, key(secret), { issuer: JWT_ISSUER, algorithms: ['HS256'] });
		if (payload.typ !== 'refresh' || !payload.sub || typeof payload.sid !== 'string') return null;
		return { userId: payload.sub, sessionId: payload.sid };
	} catch (error) {
		if (error instanceof errors.JOSEError) return null;
		throw error;
	}
}
