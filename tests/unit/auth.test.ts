import { SignJWT } from 'jose';
import { describe, expect, test } from 'vitest';
import { hashPassword, passwordProblem, verifyPassword } from '#lib/server/auth/password.js';
import { signAccessToken, signRefreshToken, verifyAccessToken, verifyRefreshToken } from '#lib/server/auth/tokens.js';

const secret = 'a-test-secret-that-is-long-enough-for-hs256!';
const user = { id: '5f0c3c52-8f6a-4d5e-9d7e-0a1b2c3d4e5f', email: 'ann@example.test', displayName: 'Ann' };

describe('passwords', () => {
	test('a hash verifies its password and nothing else, and is salted', async () => {
		const hash = await hashPassword('correct horse');
		expect(hash).toMatch(/^scrypt\$32768\$8\$3\$/);
		expect(await verifyPassword('correct horse', hash)).toBe(true);
		expect(await verifyPassword('correct horsE', hash)).toBe(false);
		expect(await hashPassword('correct horse')).not.toBe(hash);
	});

	test('malformed stored hashes never verify', async () => {
		expect(await verifyPassword('x', '')).toBe(false);
		expect(await verifyPassword('x', 'bcrypt$whatever')).toBe(false);
	});

	test('length rules', () => {
		expect(passwordProblem('short')).toMatch(/8 characters/);
		expect(passwordProblem('long enough')).toBeNull();
		expect(passwordProblem('x'.repeat(300))).toMatch(/256/);
	});
});

describe('tokens', () => {
	test('an access token carries what PostgREST and auth.uid() need', async () => {
		const token = await signAccessToken(secret, user, 'session-1');
		const verified = await verifyAccessToken(secret, token);
		expect(verified?.user).toEqual(user);
		expect(verified?.sessionId).toBe('session-1');
		const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
		expect(payload).toMatchObject({ role: 'authenticated', sub: user.id, aud: 'authenticated' });
		expect(payload.exp - payload.iat).toBe(15 * 60);
	});

	test('forged, expired and refresh-as-access tokens are refused', async () => {
		const forged = await signAccessToken('another-secret-that-is-long-enough-too!!', user, 's');
		expect(await verifyAccessToken(secret, forged)).toBeNull();
		const expired = await new SignJWT({ role: 'authenticated', session_id: 's' })
			.setProtectedHeader({ alg: 'HS256' })
			.setSubject(user.id)
			.setIssuer('journey-studio')
			.setExpirationTime(Math.floor(Date.now() / 1000) - 10)
			.sign(new TextEncoder().encode(secret));
		expect(await verifyAccessToken(secret, expired)).toBeNull();
		const refresh = await signRefreshToken(secret, user.id, 's');
		expect(await verifyAccessToken(secret, refresh)).toBeNull();
		expect(await verifyRefreshToken(secret, refresh)).toEqual({ userId: user.id, sessionId: 's' });
		expect(await verifyRefreshToken(secret, await signAccessToken(secret, user, 's'))).toBeNull();
		expect(await verifyAccessToken(secret, 'not.a.jwt')).toBeNull();
	});
});
