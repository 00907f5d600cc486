/**
 * Dates in import files. Accepted forms:
 * - ISO 8601: 2026-03-04, 2026-03-04T10:30, 2026-03-04 10:30:15.250, with Z or ±hh:mm / ±hhmm;
 *   also 2026/03/04;
 * - day/month or month/day with a four-digit year: 04/03/2026, 4.3.2026, 04-03-2026, each
 *   optionally followed by a time "10:30", "10:30:15" or "10.30";
 * - Unix epoch seconds (9–10 digits, decimals allowed) or milliseconds (13 digits).
 * A date without an offset is taken as UTC. Day/month order is never guessed: a file settles it
 * when some value has a first part above 12 (day first) or a second part above 12 (month first);
 * otherwise (every value like 03/04/2026) the mapping must say `dateOrder`.
 *
 * Hand-written rather than a date library: one regular expression per form and Date.UTC keep
 * a million dates well under a second, and the forms are exactly the documented ones.
 */
import type { DateOrder } from './types.js';

const ISO = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const DAY_MONTH = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?:[ T,]+(\d{1,2})[:.](\d{2})(?::(\d{2}))?)?$/;
const EPOCH = /^(\d{9,10}(?:\.\d+)?|\d{13})$/;

export type DateParse = { ok: true; iso: string } | { ok: false; reason: string };

function build(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0, offsetMinutes = 0): DateParse {
	if (y < 1900 || y > 2200) return { ok: false, reason: `year ${y} is out of range` };
	if (mo < 1 || mo > 12) return { ok: false, reason: `month ${mo} does not exist` };
	if (h > 23 || mi > 59 || s > 59) return { ok: false, reason: 'the time is not valid' };
	const t = Date.UTC(y, mo - 1, d, h, mi, s, ms);
	const check = new Date(Date.UTC(y, mo - 1, d));
	if (d < 1 || check.getUTCDate() !== d || check.getUTCMonth() !== mo - 1) {
		return { ok: false, reason: `day ${d} does not exist in month ${mo} of ${y}` };
	}
	return { ok: true, iso: new Date(t - offsetMinutes * 60_000).toISOString() };
}

function offsetOf(zone: string | undefined): number {
	if (!zone || zone.toUpperCase() === 'Z') return 0;
	const sign = zone.startsWith('-') ? -1 : 1;
	const digits = zone.slice(1).replace(':', '');
	return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
}

/** The two numbers before the year of a day/month date, or null for any other form. */
export function dayMonthParts(value: string): [number, number] | null {
	const m = DAY_MONTH.exec(value.trim());
	return m ? [Number(m[1]), Number(m[3])] : null;
}

/**
 * Parses one date. `order` decides 03/04/2026; without it such a value is refused (the caller
 * should have asked, see `detectDateOrder`). A value with a first part > 12 is read day-first
 * and one with a second part > 12 month-first only when that agrees with `order`.
 */
export function parseDate(raw: string, order: DateOrder | null): DateParse {
	const value = raw.trim();
	let m = ISO.exec(value);
	if (m) {
		const [, y, mo, d, h, mi, s, frac, zone] = m;
		const ms = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
		return build(Number(y), Number(mo), Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0), ms, offsetOf(zone));
	}
	m = DAY_MONTH.exec(value);
	if (m) {
		const a = Number(m[1]);
		const b = Number(m[3]);
		const effective: DateOrder | null = order ?? (a > 12 ? 'dmy' : b > 12 ? 'mdy' : null);
		if (!effective) return { ok: false, reason: `${value} could be day/month or month/day: set the date order` };
		const [day, month] = effective === 'dmy' ? [a, b] : [b, a];
		return build(Number(m[4]), month, day, Number(m[5] ?? 0), Number(m[6] ?? 0), Number(m[7] ?? 0));
	}
	if (EPOCH.test(value)) {
		const ms = value.length === 13 && !value.includes('.') ? Number(value) : Math.round(Number(value) * 1000);
		const date = new Date(ms);
		const y = date.getUTCFullYear();
		if (y < 1970 || y > 2200) return { ok: false, reason: `${value} is not a plausible epoch time` };
		return { ok: true, iso: date.toISOString() };
	}
	return {
		ok: false,
		reason: `${value === '' ? 'an empty value' : `"${value.slice(0, 40)}"`} is not a date (use 2026-03-04, 04/03/2026 or epoch seconds)`
	};
}

export interface DateOrderEvidence {
	/** The order the values prove, or the one the mapping chose. */
	order: DateOrder | null;
	/** Day/month values exist but none proves the order (every one like 03/04/2026). */
	ambiguous: boolean;
	/** Some values are only valid day-first and others only month-first. */
	conflicting: boolean;
	/** First example of each kind, for messages. */
	example?: string;
}

/** Collects evidence about the day/month order as values stream past. */
export class DateOrderDetector {
	private dayFirst = 0;
	private monthFirst = 0;
	private undecided = 0;
	private example: string | undefined;

	add(value: string): void {
		const parts = dayMonthParts(value);
		if (!parts) return;
		const [a, b] = parts;
		if (a > 12 && b <= 12) this.dayFirst++;
		else if (b > 12 && a <= 12) this.monthFirst++;
		else if (a <= 12 && b <= 12) {
			this.undecided++;
			this.example ??= value.trim();
		}
	}

	result(chosen?: DateOrder): DateOrderEvidence {
		const conflicting = this.dayFirst > 0 && this.monthFirst > 0;
		const proven: DateOrder | null = conflicting ? null : this.dayFirst > 0 ? 'dmy' : this.monthFirst > 0 ? 'mdy' : null;
		const order = chosen ?? proven;
		return {
			order,
			ambiguous: !chosen && !proven && this.undecided > 0,
			conflicting,
			...(this.example ? { example: this.example } : {})
		};
	}
}

/** Evidence from a list of values (tests, previews). */
export function detectDateOrder(values: Iterable<string>, chosen?: DateOrder): DateOrderEvidence {
	const detector = new DateOrderDetector();
	for (const v of values) detector.add(v);
	return detector.result(chosen);
}
