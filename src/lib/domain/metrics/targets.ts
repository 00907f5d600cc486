/**
 * Metrics against their targets: which side of the target a value is on, and the short badges a
 * touchpoint node shows. Higher is better for NPS, CSAT and CES; lower is better for FRT and TTR.
 */
import type { TouchpointMetricsRow } from './touchpoint.js';

export type TargetMetric = 'nps' | 'csat' | 'ces' | 'frt' | 'ttr';

export const TARGET_METRICS: readonly TargetMetric[] = ['nps', 'csat', 'ces', 'frt', 'ttr'];

/** Built-in targets (the same as `journey_targets` in SQL), used until a workspace sets its own. */
export const DEFAULT_TARGETS: Readonly<Record<TargetMetric, number>> = { nps: 30, csat: 80, ces: 5.5, frt: 60, ttr: 24 };

export const METRIC_LABELS: Readonly<Record<TargetMetric, string>> = { nps: 'NPS', csat: 'CSAT', ces: 'CES', frt: 'FRT', ttr: 'TTR' };

/** Units and allowed ranges of each target (the check constraint of metric_targets). */
export const TARGET_RANGES: Readonly<Record<TargetMetric, { min: number; max: number; step: number; unit: string }>> = {
	nps: { min: -100, max: 100, step: 1, unit: 'points' },
	csat: { min: 0, max: 100, step: 1, unit: '% top-2-box' },
	ces: { min: 1, max: 7, step: 0.1, unit: 'mean on 1–7' },
	frt: { min: 1, max: 100_000, step: 1, unit: 'minutes (median)' },
	ttr: { min: 0.1, max: 100_000, step: 0.1, unit: 'hours (median)' }
};

export const lowerIsBetter = (metric: TargetMetric) => metric === 'frt' || metric === 'ttr';

/** 'met' or 'missed' for a value against its target; null when there is no value. */
export function againstTarget(metric: TargetMetric, value: number | null, target: number): 'met' | 'missed' | null {
	if (value === null) return null;
	return (lowerIsBetter(metric) ? value <= target : value >= target) ? 'met' : 'missed';
}

/** The headline value of each metric in a `touchpoint_metrics` row, with its n. */
export function headline(row: TouchpointMetricsRow, metric: TargetMetric): { value: number | null; n: number } {
	switch (metric) {
		case 'nps':
			return { value: row.nps, n: row.nps_n };
		case 'csat':
			return { value: row.csat_pct, n: row.csat_n };
		case 'ces':
			return { value: row.ces_mean, n: row.ces_n };
		case 'frt':
			return { value: row.frt_median_minutes, n: row.frt_n ?? 0 };
		case 'ttr':
			return { value: row.ttr_median_hours, n: row.ttr_n ?? 0 };
	}
}

/** A metric value as people read it: NPS signed, CSAT in %, CES with one decimal, times with units. */
export function formatMetric(metric: TargetMetric, value: number | null): string {
	if (value === null) return '—';
	switch (metric) {
		case 'nps':
			return `${value > 0 ? '+' : ''}${Math.round(value)}`;
		case 'csat':
			return `${Math.round(value)}%`;
		case 'ces':
			return value.toFixed(1);
		case 'frt':
			return formatMinutes(value);
		case 'ttr':
			return formatHours(value);
	}
}

export function formatMinutes(minutes: number): string {
	if (minutes < 1) return `${Math.round(minutes * 60)} s`;
	if (minutes < 90) return `${Math.round(minutes)} min`;
	return formatHours(minutes / 60);
}

export function formatHours(hours: number): string {
	if (hours < 1.5) return `${Math.round(hours * 60)} min`;
	if (hours < 48) return `${hours < 10 ? hours.toFixed(1) : Math.round(hours)} h`;
	return `${(hours / 24).toFixed(1)} d`;
}

export interface MetricBadge {
	metric: TargetMetric;
	text: string;
	status: 'met' | 'missed' | 'thin';
	/** Full sentence for screen readers and the tooltip. */
	label: string;
}

/**
 * The badges of a touchpoint node: one per metric that has answers. A metric below the minimum
 * n shows as 'thin' ("n=12"), never as a coloured value.
 */
export function metricBadges(row: TouchpointMetricsRow | undefined, targets: Readonly<Record<TargetMetric, number>>): MetricBadge[] {
	if (!row) return [];
	const badges: MetricBadge[] = [];
	for (const metric of TARGET_METRICS) {
		const { value, n } = headline(row, metric);
		if (n === 0) continue;
		const name = METRIC_LABELS[metric];
		const target = targets[metric];
		if (value === null) {
			badges.push({ metric, text: `${name} n=${n}`, status: 'thin', label: `${name}: not enough responses (${n} of ${row.min_n} needed)` });
			continue;
		}
		const status = againstTarget(metric, value, target)!;
		badges.push({
			metric,
			text: `${name} ${formatMetric(metric, value)}`,
			status,
			label: `${name} ${formatMetric(metric, value)} (n=${n}), ${status === 'met' ? 'meets' : 'misses'} target ${formatMetric(metric, target)}`
		});
	}
	return badges;
}
