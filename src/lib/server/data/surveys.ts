import type { SupabaseClient } from '@supabase/supabase-js';
import type { SurveyMetric } from '#lib/domain/surveys.js';
import type { Notice } from '#lib/sync/notices.js';
import { RateLimiter } from '../http/rate-limit.js';

/**
 * The public side of live surveys (/s/<token>). Respondents are anonymous: everything here runs
 * with the anon client through the two security definer RPCs of
 * supabase/migrations/20261201120000_surveys.sql, never with the service key. The only
 * service-role read is the journey to notify after an answer (server-side, nothing returned).
 */

export interface PublicSurvey {
	question: string;
	metric: SurveyMetric;
	scaleMax: number;
	isOpen: boolean;
	touchpointName: string;
}

export async function surveyByToken(anon: SupabaseClient, token: string): Promise<PublicSurvey | null> {
	const { data, error } = await anon.rpc('survey_by_token', { p_token: token }).maybeSingle<{
		question: string;
		metric: SurveyMetric;
		scale_max: number;
		is_open: boolean;
		touchpoint_name: string;
	}>();
	if (error) throw new Error(`Could not read the survey: ${error.message}`);
	if (!data) return null;
	return { question: data.question, metric: data.metric, scaleMax: data.scale_max, isOpen: data.is_open, touchpointName: data.touchpoint_name };
}

export type SubmitOutcome = { ok: true } | { ok: false; reason: 'unknown' | 'closed' | 'invalid'; message: string };

/** Records one answer. Refusals the respondent can understand come back as outcomes, not throws. */
export async function submitSurveyAnswer(anon: SupabaseClient, token: string, score: number, comment: string | null): Promise<SubmitOutcome> {
	const { error } = await anon.rpc('submit_survey_response', { p_token: token, p_score: score, p_comment: comment });
	if (!error) return { ok: true };
	switch (error.code) {
		case 'P0002':
			return { ok: false, reason: 'unknown', message: 'This survey does not exist. Check the link.' };
		case 'PT409':
			return { ok: false, reason: 'closed', message: 'This survey is closed and no longer takes answers. Thank you for your interest.' };
		case '22023':
			return { ok: false, reason: 'invalid', message: error.message.charAt(0).toUpperCase() + error.message.slice(1) + '.' };
	}
	throw new Error(`Could not record the answer: ${error.message}`);
}

/** The part of the collaboration server this needs (see CollabServer.notify). */
export interface MetricsNotifier {
	notify(journeyId: string, notice: Notice): void;
}

/**
 * Tells everyone viewing the survey's journey that its metrics changed (`{"changed":"metrics"}`
 * over /collab). Best effort: an answer is recorded whether or not anyone is told.
 */
export async function announceNewAnswer(service: SupabaseClient, live: MetricsNotifier, token: string): Promise<string | null> {
	const { data, error } = await service.from('surveys').select('touchpoints(journey_id)').eq('public_token', token).maybeSingle<{ touchpoints: { journey_id: string } | null }>();
	const journeyId = data?.touchpoints?.journey_id ?? null;
	if (error || !journeyId) return null;
	live.notify(journeyId, 'metrics');
	return journeyId;
}

/**
 * Limits per process (src/lib/server/http/rate-limit.ts): answers 10 a minute per IP and survey,
 * 300 a minute per survey; page views 120 a minute per IP (so tokens cannot be scanned quickly).
 */
const answersPerClient = new RateLimiter({ capacity: 10, perMinute: 10 });
const answersPerSurvey = new RateLimiter({ capacity: 300, perMinute: 300 });
const viewsPerClient = new RateLimiter({ capacity: 120, perMinute: 120 });

export type RateCheck = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export function allowAnswer(ip: string, token: string): RateCheck {
	const client = answersPerClient.take(`${ip} ${token}`);
	if (!client.allowed) return client;
	const survey = answersPerSurvey.take(token);
	return survey.allowed ? { allowed: true } : survey;
}

export function allowView(ip: string): RateCheck {
	const verdict = viewsPerClient.take(ip);
	return verdict.allowed ? { allowed: true } : verdict;
}
