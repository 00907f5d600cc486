import type { SupabaseClient } from '@supabase/supabase-js';
import { checkAnswer, isSurveyToken, scaleOf, type SurveyMetric } from '#lib/domain/surveys.js';
import type { Notice } from '#lib/sync/notices.js';
import { scoreSentiment } from '#lib/domain/feedback/sentiment.js';
import { RateLimiter } from '../http/rate-limit.js';
import type { Stack } from '../stack/index.js';
import { serviceClient, userClient } from '../supabase.js';

/**
 * The public side of live surveys (/s/<token>). Respondents are anonymous: everything here runs
 * with the anon client through the two security definer RPCs of
 * supabase/migrations/20261201120000_surveys.sql, never with the service key. The only
 * service-role read is the journey to notify after an answer (server-side, nothing returned).
 */

const CLOSED_MESSAGE = 'This survey is closed and no longer takes answers. Thank you for stopping by.';

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
			return { ok: false, reason: 'closed', message: CLOSED_MESSAGE };
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

// The answer page (/s/<token>) -------------------------------------------------------------------

export type PageFailure = { ok: false; status: 400 | 404 | 409 | 429; message: string; field?: 'score' | 'comment'; closed?: boolean };

/** The survey a page view shows, or why not (404 unknown, 429 too many views from this address). */
export async function viewSurvey(stack: Stack, token: string, ip: string): Promise<{ ok: true; survey: PublicSurvey } | PageFailure> {
	const rate = allowView(ip);
	if (!rate.allowed) return { ok: false, status: 429, message: `Too many requests from your network. Try again in ${rate.retryAfterSeconds} seconds.` };
	const survey = isSurveyToken(token) ? await surveyByToken(userClient(stack), token) : null;
	return survey ? { ok: true, survey } : { ok: false, status: 404, message: 'This survey does not exist. Check the link you were given.' };
}

/**
 * Records a posted answer as anon, after the rate limits and the scale check, then tells the
 * journey's viewers (in the background: the respondent does not wait for it).
 */
export async function answerSurvey(stack: Stack, live: MetricsNotifier, token: string, ip: string, form: FormData): Promise<{ ok: true } | PageFailure> {
	const rate = allowAnswer(ip, token);
	if (!rate.allowed) {
		return { ok: false, status: 429, message: `That was a lot of answers at once. Please wait ${rate.retryAfterSeconds} seconds and try again.` };
	}
	const anon = userClient(stack);
	const survey = isSurveyToken(token) ? await surveyByToken(anon, token) : null;
	if (!survey) return { ok: false, status: 404, message: 'This survey does not exist. Check the link you were given.' };
	if (!survey.isOpen) return { ok: false, status: 409, closed: true, message: CLOSED_MESSAGE };
	const answer = checkAnswer(scaleOf(survey.metric, survey.scaleMax), form.get('score'), form.get('comment'));
	if (!answer.ok) return { ok: false, status: 400, field: answer.field, message: answer.message };
	const outcome = await submitSurveyAnswer(anon, token, answer.score, answer.comment);
	if (!outcome.ok) {
		return outcome.reason === 'unknown'
			? { ok: false, status: 404, message: outcome.message }
			: outcome.reason === 'closed'
				? { ok: false, status: 409, closed: true, message: CLOSED_MESSAGE }
				: { ok: false, status: 400, message: outcome.message };
	}
	if (stack.serviceRoleKey) {
		const service = serviceClient(stack);
		// Sentiment first (the panel reloads on the notice), both after the answer is safely stored.
		scoreAnswerComment(service, token, answer.comment)
			.then(() => announceNewAnswer(service, live, token))
			.catch((error: unknown) => console.error('[journey-studio] could not finish a survey answer:', error));
	}
	return { ok: true };
}

/**
 * Scores the sentiment of a survey comment, as imports and the ingest API do. The anonymous
 * answer path cannot run the scorer in SQL, so the server sets it with the service role right
 * after the answer is stored. Sentiment is a function of the text alone, so every unscored
 * answer to this survey with the same words gets the same label.
 */
export async function scoreAnswerComment(service: SupabaseClient, token: string, comment: string | null): Promise<void> {
	if (!comment) return;
	const { data: survey, error } = await service.from('surveys').select('id').eq('public_token', token).maybeSingle();
	if (error || !survey) throw new Error(`survey lookup failed: ${error?.message ?? 'not found'}`);
	const { label, score } = scoreSentiment(comment);
	const update = await service
		.from('survey_responses')
		.update({ sentiment: label, sentiment_score: score })
		.eq('survey_id', survey.id)
		.eq('comment', comment)
		.is('sentiment', null);
	if (update.error) throw new Error(`could not store the sentiment: ${update.error.message}`);
}
