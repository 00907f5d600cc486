import type { SupabaseClient } from '@supabase/supabase-js';
import type { TouchpointMetricsRow } from '#lib/domain/metrics/touchpoint.js';
import { DEFAULT_TARGETS, type TargetMetric } from '#lib/domain/metrics/targets.js';

/**
 * Metrics of a journey through supabase-js as the signed-in user: the RPCs of
 * supabase/migrations/20261201100000_metrics.sql (membership checked in SQL) and plain reads of
 * feedback and answer comments under RLS.
 */

export interface MetricFilters {
	from: string | null;
	to: string | null;
	personaId: string | null;
	channel: string | null;
}

export interface TrendPoint {
	bucket_start: string;
	value: number | null;
	n: number;
	low: number | null;
	high: number | null;
}

export interface DistributionRow {
	metric: 'nps' | 'csat' | 'ces';
	scale_max: number;
	score: number;
	n: number;
}

export interface Verbatim {
	id: string;
	kind: 'feedback' | 'answer';
	body: string;
	source: string;
	sentiment: 'positive' | 'neutral' | 'negative' | null;
	at: string;
	score: string | null;
}

const params = (f: MetricFilters) => ({ p_from: f.from, p_to: f.to, p_persona_id: f.personaId, p_channel: f.channel });

function check<T>(result: { data: T | null; error: { message: string } | null }, what: string): T {
	if (result.error) throw new Error(`Could not ${what}: ${result.error.message}`);
	return result.data as T;
}

export async function journeyMetrics(db: SupabaseClient, journeyId: string, filters: MetricFilters): Promise<TouchpointMetricsRow[]> {
	return check(await db.rpc('touchpoint_metrics', { p_journey_id: journeyId, ...params(filters) }), 'load the metrics');
}

export async function journeyTargets(db: SupabaseClient, journeyId: string): Promise<Record<TargetMetric, number>> {
	const rows = check<{ metric: TargetMetric; target: number }[]>(await db.rpc('journey_targets', { p_journey_id: journeyId }), 'load the targets');
	return { ...DEFAULT_TARGETS, ...Object.fromEntries(rows.map((r) => [r.metric, r.target])) };
}

export async function touchpointTrend(
	db: SupabaseClient,
	touchpointId: string,
	metric: TargetMetric,
	bucket: 'week' | 'month',
	filters: MetricFilters
): Promise<TrendPoint[]> {
	return check(
		await db.rpc('touchpoint_trend', { p_touchpoint_id: touchpointId, p_metric: metric, p_bucket: bucket, ...params(filters) }),
		'load the trend'
	);
}

export async function touchpointDistribution(db: SupabaseClient, touchpointId: string, filters: MetricFilters): Promise<DistributionRow[]> {
	return check(await db.rpc('touchpoint_distribution', { p_touchpoint_id: touchpointId, ...params(filters) }), 'load the score distribution');
}

/** The latest feedback and answer comments of a touchpoint (newest first), at most `limit` of each. */
export async function touchpointVerbatims(db: SupabaseClient, touchpointId: string, filters: MetricFilters, limit = 200): Promise<Verbatim[]> {
	let feedback = db.from('feedback').select('id, body, source, sentiment, created_at').eq('touchpoint_id', touchpointId);
	let answers = db.from('survey_responses').select('id, comment, metric, score, scale_max, sentiment, responded_at').eq('touchpoint_id', touchpointId).not('comment', 'is', null);
	if (filters.from) {
		feedback = feedback.gte('created_at', filters.from);
		answers = answers.gte('responded_at', filters.from);
	}
	if (filters.to) {
		feedback = feedback.lt('created_at', filters.to);
		answers = answers.lt('responded_at', filters.to);
	}
	if (filters.personaId) {
		feedback = feedback.eq('persona_id', filters.personaId);
		answers = answers.eq('persona_id', filters.personaId);
	}
	if (filters.channel) answers = answers.eq('channel', filters.channel);
	const [f, a] = await Promise.all([
		filters.channel ? Promise.resolve({ data: [], error: null }) : feedback.order('created_at', { ascending: false }).limit(limit),
		answers.order('responded_at', { ascending: false }).limit(limit)
	]);
	type FeedbackRow = { id: number; body: string; source: string; sentiment: Verbatim['sentiment']; created_at: string };
	type AnswerRow = { id: number; comment: string; metric: string; score: number; scale_max: number; sentiment: Verbatim['sentiment']; responded_at: string };
	const items: Verbatim[] = [
		...check(f as { data: FeedbackRow[] | null; error: { message: string } | null }, 'load the feedback').map((r) => ({
			id: `f${r.id}`,
			kind: 'feedback' as const,
			body: r.body,
			source: r.source,
			sentiment: r.sentiment,
			at: r.created_at,
			score: null
		})),
		...check(a as { data: AnswerRow[] | null; error: { message: string } | null }, 'load the answer comments').map((r) => ({
			id: `a${r.id}`,
			kind: 'answer' as const,
			body: r.comment,
			source: 'survey',
			sentiment: r.sentiment,
			at: r.responded_at,
			score: `${r.metric.toUpperCase()} ${r.score}/${r.scale_max}`
		}))
	];
	return items.sort((x, y) => y.at.localeCompare(x.at));
}
