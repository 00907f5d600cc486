/**
 * Service times of support cases (DESIGN.md §4): FRT (first response time) and TTR (time to
 * resolution). Percentiles are continuous (`percentileCont`, the rule of Postgres
 * `percentile_cont`), the same in SQL and here.
 */
import { ascending, percentileCont } from './stats.js';
import { DEFAULT_MIN_N, type MetricOptions } from './survey.js';

export interface CaseTimes {
	/** ISO timestamps or epoch milliseconds. */
	openedAt: string | number | Date;
	firstResponseAt?: string | number | Date | null;
	resolvedAt?: string | number | Date | null;
}

const ms = (t: string | number | Date) => (t instanceof Date ? t.getTime() : typeof t === 'number' ? t : Date.parse(t));

export interface FrtEstimate {
	/** Median and 90th percentile of opened → first response, in minutes (null below the minimum n). */
	medianMinutes: number | null;
	p90Minutes: number | null;
	/** Cases with a first response. */
	n: number;
}

/**
 * FRT (DESIGN.md §4): time from a case being opened to the first human reply, in minutes;
 * the median and the 90th percentile (continuous). Cases without a reply yet are not counted.
 */
export function frt(cases: readonly CaseTimes[], options: MetricOptions = {}): FrtEstimate {
	const minutes: number[] = [];
	for (const c of cases) if (c.firstResponseAt != null) minutes.push((ms(c.firstResponseAt) - ms(c.openedAt)) / 60_000);
	return frtFromMinutes(minutes, options);
}

/** FRT from durations already in minutes. */
export function frtFromMinutes(minutes: readonly number[], options: MetricOptions = {}): FrtEstimate {
	const n = minutes.length;
	if (n === 0 || n < (options.minN ?? DEFAULT_MIN_N)) return { medianMinutes: null, p90Minutes: null, n };
	const sorted = ascending(minutes);
	return { medianMinutes: percentileCont(sorted, 0.5), p90Minutes: percentileCont(sorted, 0.9), n };
}

export interface TtrEstimate {
	/** Mean, median and 90th percentile of opened → resolved, in hours (null below the minimum n). */
	meanHours: number | null;
	medianHours: number | null;
	p90Hours: number | null;
	/** Resolved cases (the n of the statistics). */
	n: number;
	/** Cases still open (no resolved_at): excluded from the statistics, counted here. */
	open: number;
}

/**
 * TTR (DESIGN.md §4): time from a case being opened to its resolution, in hours; mean, median
 * and 90th percentile (continuous) over resolved cases. Open cases are excluded and counted.
 */
export function ttr(cases: readonly CaseTimes[], options: MetricOptions = {}): TtrEstimate {
	const hours: number[] = [];
	let open = 0;
	for (const c of cases) {
		if (c.resolvedAt == null) open++;
		else hours.push((ms(c.resolvedAt) - ms(c.openedAt)) / 3_600_000);
	}
	return ttrFromHours(hours, open, options);
}

/** TTR from resolved durations already in hours, and the number of open cases. */
export function ttrFromHours(hours: readonly number[], open: number, options: MetricOptions = {}): TtrEstimate {
	const n = hours.length;
	if (n === 0 || n < (options.minN ?? DEFAULT_MIN_N)) return { meanHours: null, medianHours: null, p90Hours: null, n, open };
	const sorted = ascending(hours);
	let sum = 0;
	for (const h of hours) sum += h;
	return { meanHours: sum / n, medianHours: percentileCont(sorted, 0.5), p90Hours: percentileCont(sorted, 0.9), n, open };
}
