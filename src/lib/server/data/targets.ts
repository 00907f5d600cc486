import type { SupabaseClient } from '@supabase/supabase-js';
import { DEFAULT_TARGETS, TARGET_METRICS, type TargetMetric } from '#lib/domain/metrics/targets.js';
import { denied, raise } from './errors.js';

/**
 * Metric targets of a workspace (defaults, journey_id null) and per-journey overrides, and the
 * workspace's minimum n — through supabase-js as the user (RLS: editors write targets, owners
 * change the minimum n).
 */
export interface TargetSettings {
	defaults: Record<TargetMetric, number>;
	/** Which defaults the workspace set itself (the rest are built in). */
	custom: TargetMetric[];
	overrides: { id: string; journeyId: string; journeyName: string; metric: TargetMetric; target: number }[];
	minN: number;
}

export async function loadTargetSettings(db: SupabaseClient, workspaceId: string): Promise<TargetSettings> {
	const [targets, workspace] = await Promise.all([
		db.from('metric_targets').select('id, journey_id, metric, target, journeys(name)').eq('workspace_id', workspaceId).returns<
			{ id: string; journey_id: string | null; metric: TargetMetric; target: number; journeys: { name: string } | null }[]
		>(),
		db.from('workspaces').select('metric_min_n').eq('id', workspaceId).single<{ metric_min_n: number }>()
	]);
	if (targets.error) raise(targets.error, 'load the targets');
	if (workspace.error) raise(workspace.error, 'load the workspace');
	const rows = targets.data ?? [];
	const own = rows.filter((r) => r.journey_id === null);
	return {
		defaults: { ...DEFAULT_TARGETS, ...Object.fromEntries(own.map((r) => [r.metric, r.target])) },
		custom: own.map((r) => r.metric),
		overrides: rows
			.filter((r) => r.journey_id !== null)
			.map((r) => ({ id: r.id, journeyId: r.journey_id!, journeyName: r.journeys?.name ?? 'A journey', metric: r.metric, target: r.target }))
			.sort((a, b) => a.journeyName.localeCompare(b.journeyName) || TARGET_METRICS.indexOf(a.metric) - TARGET_METRICS.indexOf(b.metric)),
		minN: workspace.data.metric_min_n
	};
}

/** Sets a workspace default (journeyId null) or a journey override. */
export async function setTarget(db: SupabaseClient, workspaceId: string, journeyId: string | null, metric: TargetMetric, target: number) {
	const { data, error } = await db
		.from('metric_targets')
		.upsert({ workspace_id: workspaceId, journey_id: journeyId, metric, target }, { onConflict: 'workspace_id,journey_id,metric' })
		.select('id');
	if (error) raise(error, 'set the target');
	if (!data?.length) denied('set the target');
}

export async function removeTarget(db: SupabaseClient, workspaceId: string, id: string) {
	const { data, error } = await db.from('metric_targets').delete().eq('workspace_id', workspaceId).eq('id', id).select('id');
	if (error) raise(error, 'remove the target');
	if (!data?.length) denied('remove the target');
}

export async function setMinN(db: SupabaseClient, workspaceId: string, minN: number) {
	const { data, error } = await db.from('workspaces').update({ metric_min_n: minN }).eq('id', workspaceId).select('id');
	if (error) raise(error, 'change the minimum number of responses');
	if (!data?.length) denied('change the minimum number of responses (owners only)');
}
