import type { SupabaseClient } from '@supabase/supabase-js';
import type { SurveyMetric } from '#lib/domain/surveys.js';

/**
 * A touchpoint's live surveys through supabase-js as the signed-in user. RLS decides: members
 * list them, owners and editors open, close and reopen them. Answers arrive through the public
 * page (/s/<token>); the count here is of the answers that came through each survey.
 */
export interface Survey {
	id: string;
	metric: SurveyMetric;
	scaleMax: number;
	question: string;
	isOpen: boolean;
	token: string;
	createdAt: string;
	responses: number;
}

interface SurveyRow {
	id: string;
	metric: SurveyMetric;
	scale_max: number;
	question: string;
	is_open: boolean;
	public_token: string;
	created_at: string;
	survey_responses: { count: number }[];
}

const COLUMNS = 'id, metric, scale_max, question, is_open, public_token, created_at, survey_responses!survey_responses_survey_fkey(count)';

const toSurvey = (row: SurveyRow): Survey => ({
	id: row.id,
	metric: row.metric,
	scaleMax: row.scale_max,
	question: row.question,
	isOpen: row.is_open,
	token: row.public_token,
	createdAt: row.created_at,
	responses: row.survey_responses[0]?.count ?? 0
});

function check<T>(result: { data: T | null; error: { message: string } | null }, what: string): T {
	if (result.error) throw new Error(`Could not ${what}: ${result.error.message}`);
	return result.data as T;
}

/** The touchpoint's surveys, newest first. */
export async function listSurveys(db: SupabaseClient, touchpointId: string): Promise<Survey[]> {
	const result = await db.from('surveys').select(COLUMNS).eq('touchpoint_id', touchpointId).order('created_at', { ascending: false }).returns<SurveyRow[]>();
	return check(result, 'load the surveys').map(toSurvey);
}

/** Opens a new survey on a touchpoint (it takes answers at once). */
export async function openSurvey(
	db: SupabaseClient,
	input: { workspaceId: string; touchpointId: string; metric: SurveyMetric; scaleMax: number; question: string }
): Promise<Survey> {
	const question = input.question.trim();
	if (question.length === 0 || question.length > 500) throw new Error('Write a question of 1 to 500 characters.');
	const result = await db
		.from('surveys')
		.insert({ workspace_id: input.workspaceId, touchpoint_id: input.touchpointId, metric: input.metric, scale_max: input.scaleMax, question })
		.select(COLUMNS)
		.single<SurveyRow>();
	if (result.error?.code === '42501') throw new Error('Only owners and editors can open a survey.');
	return toSurvey(check(result, 'open the survey'));
}

/** Closes (no more answers) or reopens a survey. */
export async function setSurveyOpen(db: SupabaseClient, surveyId: string, open: boolean): Promise<void> {
	const result = await db.from('surveys').update({ is_open: open }).eq('id', surveyId).select('id');
	if (check(result, open ? 'reopen the survey' : 'close the survey').length === 0) throw new Error('Only owners and editors can do that.');
}
