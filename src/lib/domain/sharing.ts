/**
 * Share-link expiry choices and link status, pure so the dialog and the tests agree.
 * A "date" expiry ends at the end of that day in UTC (so "until 31 Dec" includes 31 Dec).
 */
export type ShareExpiry = { kind: 'never' } | { kind: 'days'; days: 1 | 7 | 30 } | { kind: 'date'; date: string };

export const EXPIRY_CHOICES = [
	{ value: 'never', label: 'Never' },
	{ value: '1', label: '1 day' },
	{ value: '7', label: '7 days' },
	{ value: '30', label: '30 days' },
	{ value: 'date', label: 'On a date…' }
] as const;

export type ExpiryChoice = (typeof EXPIRY_CHOICES)[number]['value'];

/** The expiry a dialog choice means; null for an invalid date (the form says so). */
export function expiryOfChoice(choice: ExpiryChoice, date: string): ShareExpiry | null {
	if (choice === 'never') return { kind: 'never' };
	if (choice === 'date') return /^\d{4}-\d{2}-\d{2}$/.test(date) && !Number.isNaN(Date.parse(`${date}T00:00:00Z`)) ? { kind: 'date', date } : null;
	return { kind: 'days', days: Number(choice) as 1 | 7 | 30 };
}

/** When a link made at `now` stops working, or null for never. */
export function expiryFrom(expiry: ShareExpiry, now: Date): Date | null {
	switch (expiry.kind) {
		case 'never':
			return null;
		case 'days':
			return new Date(now.getTime() + expiry.days * 86_400_000);
		case 'date':
			return new Date(`${expiry.date}T23:59:59.999Z`);
	}
}

export type ShareStatus = 'live' | 'expired' | 'revoked';

export function shareStatus(link: { expiresAt: string | null; revokedAt: string | null }, now: Date): ShareStatus {
	if (link.revokedAt) return 'revoked';
	if (link.expiresAt && Date.parse(link.expiresAt) <= now.getTime()) return 'expired';
	return 'live';
}

/** Tokens made by newShareToken: 43 base64url characters. Anything else is refused unread. */
export const isShareToken = (token: string) => /^[A-Za-z0-9_-]{43}$/.test(token);

export const sharePath = (token: string) => `/share/${token}`;
