import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

// scrypt (RFC 7914) from Node's own crypto: a memory-hard KDF, maintained with Node, no native
// add-on to build. N=2^15, r=8, p=3 is one of the settings OWASP's Password Storage Cheat Sheet
// lists as equivalent to its N=2^17, p=1 minimum, at a quarter of the memory. Stored as
// scrypt$N$r$p$salt$hash, so the cost can be raised later without breaking old hashes.
const N = 1 << 15;
const R = 8;
const P = 3;
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
	return new Promise((resolve, reject) =>
		scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, { ...options, maxmem: 256 * options.N! * options.r! }, (error, key) =>
			error ? reject(error) : resolve(key)
		)
	);
}

export async function hashPassword(password: string): Promise<string> {
	const salt = randomBytes(16);
	const key = await derive(password, salt, { N, r: R, p: P });
	return ['scrypt', N, R, P, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
	const [scheme, n, r, p, salt, hash] = stored.split('$');
	if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
	const expected = Buffer.from(hash, 'base64url');
	const actual = await derive(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) });
	return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Rules shown on the sign-up form and enforced here. */
export function passwordProblem(password: string): string | null {
	if (password.length < 8) return 'Use at least 8 characters.';
	if (password.length > 256) return 'Use at most 256 characters.';
	return null;
}
