import type { FrictionRow } from './friction/hotspots.js';
import type { TouchpointMetricsRow } from './metrics/touchpoint.js';

/**
 * A persona's own numbers: `touchpoint_metrics` with p_persona_id, one row per touchpoint of each
 * journey it is on, pooled across them. Each touchpoint's value times its n is its sum
 * (NPS × n = promoters − detractors, CSAT % × n = satisfied, CES mean × n = the scores' sum), so
 * the n-weighted mean of the touchpoints that have a value is the pooled value of their answers.
 * Touchpoints below the minimum n (value null) stay out of the value and are counted apart.
 */
export interface PooledMetric {
	value: number | null;
	/** Answers behind the value. */
	n: number;
	/** Touchpoints whose answers are in the value. */
	touchpoints: number;
	/** Answers at touchpoints with too few to count (below the minimum n). */
	setAside: number;
}

export interface PersonaMetrics {
	nps: PooledMetric;
	csat: PooledMetric;
	ces: PooledMetric;
}

type Pick3 = Pick<TouchpointMetricsRow, 'nps' | 'nps_n' | 'csat_pct' | 'csat_n' | 'ces_mean' | 'ces_n'>;

function pool(rows: Pick3[], value: (r: Pick3) => number | null, n: (r: Pick3) => number): PooledMetric {
	let sum = 0;
	let total = 0;
	let touchpoints = 0;
	let setAside = 0;
	for (const row of rows) {
		const v = value(row);
		if (v === null) setAside += n(row);
		else if (n(row) > 0) {
			sum += v * n(row);
			total += n(row);
			touchpoints++;
		}
	}
	return { value: total > 0 ? sum / total : null, n: total, touchpoints, setAside };
}

export function summarisePersonaMetrics(rows: Pick3[]): PersonaMetrics {
	return {
		nps: pool(rows, (r) => r.nps, (r) => r.nps_n),
		csat: pool(rows, (r) => r.csat_pct, (r) => r.csat_n),
		ces: pool(rows, (r) => r.ces_mean, (r) => r.ces_n)
	};
}

/** The persona's worst touchpoints: those with evidence from this persona, highest friction first. */
export function worstTouchpoints(rows: FrictionRow[], limit = 5): FrictionRow[] {
	return rows
		.filter((r) => r.evidence_n > 0 && Number.isFinite(r.friction_score))
		.sort((a, b) => b.friction_score - a.friction_score || a.touchpoint_name.localeCompare(b.touchpoint_name))
		.slice(0, limit);
}
