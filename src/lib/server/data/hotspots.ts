import type { SupabaseClient } from '@supabase/supabase-js';
import {
	hotspotRows,
	NO_TEAM,
	periodRange,
	type FrictionRow,
	type HotspotFilters,
	type HotspotRow,
	type KeyMetrics,
	type TeamRef,
	type TrendMetric,
	type TrendPoint
} from '#lib/domain/friction/hotspots.js';
import { DataError, raise } from './errors.js';
import { touchpointTeams } from './teams.js';

/**
 * The Hotspots view over supabase-js as the user: `friction_hotspots` for the workspace (or one
 * journey), `touchpoint_metrics` per journey for the key metrics with the same filters, and
 * `touchpoint_trend` (monthly) for the sparklines of the rows on screen, and each touchpoint's
 * owning team (touchpoint_owners). Membership is checked in SQL by every RPC.
 */
export interface HotspotsView {
	journeys: { id: string; name: string }[];
	personas: { id: string; name: string }[];
	/** The workspace's teams by name, for the team filter. */
	teams: TeamRef[];
	/** Stage names of the touchpoints in scope (before the stage filter), for the stage picker. */
	stages: string[];
	/** Every row the filters keep, ranked and sorted. */
	rows: HotspotRow[];
	/** Touchpoints in scope before the stage and hotspot filters, and how many have any evidence. */
	touchpoints: number;
	withEvidence: number;
}

const rpcFilters = (filters: HotspotFilters, now: Date) => {
	const range = periodRange(filters, now);
	return { p_from: range.from, p_to: range.to, p_persona_id: filters.personaId, p_channel: filters.channel };
};

export async function loadHotspots(db: SupabaseClient, workspaceId: string, filters: HotspotFilters, now = new Date()): Promise<HotspotsView> {
	const [journeys, personas, owners] = await Promise.all([
		db.from('journeys').select('id, name').eq('workspace_id', workspaceId).is('archived_at', null).order('name'),
		db.from('personas').select('id, name').eq('workspace_id', workspaceId).is('archived_at', null).order('name'),
		touchpointTeams(db, workspaceId)
	]);
	if (journeys.error) raise(journeys.error, 'list the journeys');
	if (personas.error) raise(personas.error, 'list the personas');
	if (filters.journeyId && !journeys.data.some((j) => j.id === filters.journeyId)) {
		throw new DataError('The journey in the link is not (or no longer) a journey of this workspace.');
	}
	if (filters.personaId && !personas.data.some((p) => p.id === filters.personaId)) {
		throw new DataError('The persona in the link is not (or no longer) a persona of this workspace.');
	}
	if (filters.teamId && filters.teamId !== NO_TEAM && !owners.teams.some((t) => t.id === filters.teamId)) {
		throw new DataError('The team in the link is not (or no longer) a team of this workspace.');
	}

	const params = rpcFilters(filters, now);
	const inScope = filters.journeyId ? journeys.data.filter((j) => j.id === filters.journeyId) : journeys.data;
	const [friction, ...perJourney] = await Promise.all([
		db.rpc('friction_hotspots', { p_workspace_id: workspaceId, p_journey_id: filters.journeyId, ...params }),
		...inScope.map((j) => db.rpc('touchpoint_metrics', { p_journey_id: j.id, ...params }))
	]);
	if (friction.error) raise(friction.error, 'rank the touchpoints by friction');
	const metrics = new Map<string, KeyMetrics>();
	for (const result of perJourney) {
		if (result.error) raise(result.error, 'load the metrics');
		for (const m of result.data as (KeyMetrics & { touchpoint_id: string })[]) {
			metrics.set(m.touchpoint_id, { nps: m.nps, nps_n: m.nps_n, csat_pct: m.csat_pct, csat_n: m.csat_n, ces_mean: m.ces_mean, ces_n: m.ces_n });
		}
	}
	const all = friction.data as FrictionRow[];
	return {
		journeys: journeys.data,
		personas: personas.data,
		teams: owners.teams,
		// The stage asked for stays listed even when nothing in scope has it (e.g. a link from another journey).
		stages: [...new Set([...all.map((r) => r.stage_name), filters.stage].filter((s): s is string => s !== null))].sort((a, b) => a.localeCompare(b)),
		rows: hotspotRows(all, metrics, filters, owners.byTouchpoint),
		touchpoints: all.length,
		withEvidence: all.filter((r) => r.evidence_n > 0).length
	};
}

/** Monthly values of each row's main metric (the rows on screen only: one RPC each, at most 4 at a time). */
export async function loadSparklines(
	db: SupabaseClient,
	rows: readonly { touchpointId: string; trendMetric: TrendMetric | null }[],
	filters: HotspotFilters,
	now = new Date()
): Promise<Record<string, TrendPoint[]>> {
	const params = rpcFilters(filters, now);
	const todo = rows.filter((r) => r.trendMetric !== null);
	const out: Record<string, TrendPoint[]> = {};
	let next = 0;
	async function worker() {
		while (next < todo.length) {
			const row = todo[next++]!;
			const { data, error } = await db.rpc('touchpoint_trend', {
				p_touchpoint_id: row.touchpointId,
				p_metric: row.trendMetric,
				p_bucket: 'month',
				...params
			});
			if (error) raise(error, 'load a trend');
			out[row.touchpointId] = (data as TrendPoint[]).map((p) => ({ bucket_start: p.bucket_start, value: p.value, n: p.n }));
		}
	}
	await Promise.all(Array.from({ length: Math.min(4, todo.length) }, worker));
	return out;
}
