import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

/** Until the friction model lands, this view says how much evidence the workspace holds. */
export const load: PageServerLoad = async ({ locals, params }) => {
	const count = (table: string) =>
		locals.supabase.from(table).select('*', { count: 'exact', head: true }).eq('workspace_id', params.workspace);
	const [responses, feedback, cases] = await Promise.all([count('survey_responses'), count('feedback'), count('service_cases')]);
	const failed = responses.error ?? feedback.error ?? cases.error;
	if (failed) error(503, 'Could not read the evidence of this workspace.');
	return { evidence: { responses: responses.count ?? 0, feedback: feedback.count ?? 0, cases: cases.count ?? 0 } };
};
