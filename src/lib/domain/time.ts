const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
	['year', 365 * 86_400_000],
	['month', 30 * 86_400_000],
	['week', 7 * 86_400_000],
	['day', 86_400_000],
	['hour', 3_600_000],
	['minute', 60_000]
];

/** "3 minutes ago", "yesterday", "just now" — in English, relative to `now`. */
export function timeAgo(iso: string, now = Date.now()): string {
	const elapsed = now - new Date(iso).getTime();
	if (!Number.isFinite(elapsed)) return '';
	if (Math.abs(elapsed) < 45_000) return 'just now';
	const format = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
	for (const [unit, ms] of UNITS) if (Math.abs(elapsed) >= ms) return format.format(-Math.round(elapsed / ms), unit);
	return format.format(-Math.round(elapsed / 60_000), 'minute');
}
