import type { SupabaseClient } from '@supabase/supabase-js';
import type { FrictionRow } from '#lib/domain/friction/hotspots.js';
import type { TouchpointMetricsRow } from '#lib/domain/metrics/touchpoint.js';
import { summarisePersonaMetrics, worstTouchpoints, type PersonaMetrics } from '#lib/domain/personas-metrics.js';
import { raise } from './errors.js';

/**
 * The persona page's numbers, as the user (the RPCs check membership): `touchpoint_metrics` with
 * p_persona_id per journey the persona is on, pooled; `friction_hotspots` for the workspace with
 * p_persona_id, its five worst touchpoints with this persona's evidence.
 */
export async function loadPersonaMetrics(
	db: SupabaseClient,
	workspaceId: string,
	personaId: string,
	journeyIds: string[]
): Promise<{ metrics: PersonaMetrics; worst: FrictionRow[] }> {
	const [friction, ...perJourney] = await Promise.all([
		db.rpc('friction_hotspots', { p_workspace_id: workspaceId, p_persona_id: personaId }),
		...journeyIds.map((id) => db.rpc('touchpoint_metrics', { p_journey_id: id, p_persona_id: personaId }))
	]);
	if (friction.error) raise(friction.error, 'rank the touchpoints for this persona');
	const rows: TouchpointMetricsRow[] = [];
	for (const result of perJourney) {
		if (result.error) raise(result.error, 'load the metrics of this persona');
		rows.push(...(result.data as TouchpointMetricsRow[]));
	}
	return { metrics: summarisePersonaMetrics(rows), worst: worstTouchpoints(friction.data as FrictionRow[]) };
}
