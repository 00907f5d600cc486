import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT } from 'jose';

export const JWT_ISSUER = 'journey-studio';

/**
 * The HS256 secret that PostgREST verifies and the app signs with. Taken from JWT_SECRET when
 * set; otherwise generated once into the data folder, so tokens survive restarts.
 */
export function loadJwtSecret(dataDir: string, fromEnv: string | undefined): string {
	if (fromEnv) {
		if (fromEnv.length < 32) throw new Error('JWT_SECRET must be at least 32 characters long');
		return fromEnv;
	}
	const file = join(dataDir, 'jwt-secret');
	if (existsSync(file)) return readFileSync(file, 'utf8').trim();
	mkdirSync(dataDir, { recursive: true });
	const secret = randomBytes(48).toString('base64url');
	writeFileSync(file, secret + '\n', { mode: 0o600 });
	return secret;
}

/**
 * API keys in Supabase's shape: long-lived JWTs whose only claim that matters is the role.
 * The anon key is public (it is sent to browsers); the service key never leaves the server.
 */
export async function mintApiKey(secret: string, role: 'anon' | 'service_role'): Promise<string> {
	return new SignJWT({ role })
		.setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
		.setIssuer(JWT_ISSUER)
		.setIssuedAt()
		.sign(new TextEncoder().encode(secret));
}
