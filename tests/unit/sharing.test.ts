import { describe, expect, test } from 'vitest';
import { hashShareToken, newShareToken } from '#lib/data/shares.js';
import { expiryFrom, expiryOfChoice, isShareToken, shareStatus } from '#lib/domain/sharing.js';

describe('share links', () => {
	const now = new Date('2026-12-02T10:00:00Z');

	test('tokens are 43 base64url characters, all different; the hash is the hex SHA-256', async () => {
		const tokens = new Set(Array.from({ length: 200 }, newShareToken));
		expect(tokens.size).toBe(200);
		for (const token of tokens) expect(isShareToken(token)).toBe(true);
		expect(await hashShareToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
		expect(isShareToken('x'.repeat(42))).toBe(false);
		expect(isShareToken('x'.repeat(42) + '/')).toBe(false);
	});

	test('expiry choices: never, 1/7/30 days from now, or the end of a day (UTC)', () => {
		expect(expiryFrom(expiryOfChoice('never', '')!, now)).toBeNull();
		expect(expiryFrom(expiryOfChoice('1', '')!, now)?.toISOString()).toBe('2026-12-03T10:00:00.000Z');
		expect(expiryFrom(expiryOfChoice('30', '')!, now)?.toISOString()).toBe('2027-01-01T10:00:00.000Z');
		expect(expiryFrom(expiryOfChoice('date', '2026-12-24')!, now)?.toISOString()).toBe('2026-12-24T23:59:59.999Z');
		expect(expiryOfChoice('date', '')).toBeNull();
		expect(expiryOfChoice('date', '24/12/2026')).toBeNull();
	});

	test('status: revoked wins, then expired, else live', () => {
		expect(shareStatus({ expiresAt: null, revokedAt: null }, now)).toBe('live');
		expect(shareStatus({ expiresAt: '2026-12-02T09:59:59Z', revokedAt: null }, now)).toBe('expired');
		expect(shareStatus({ expiresAt: '2026-12-03T00:00:00Z', revokedAt: '2026-12-01T00:00:00Z' }, now)).toBe('revoked');
	});
});
