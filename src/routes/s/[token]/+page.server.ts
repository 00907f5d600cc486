import { error, fail, redirect } from '@sveltejs/kit';
import { refreshAlertsForSurvey } from '#lib/server/data/notifications.js';
import { answerSurvey, viewSurvey } from '#lib/server/data/surveys.js';
import type { Actions, PageServerLoad } from './$types';

/** The public answer page of a live survey: anonymous, rate limited, works without JavaScript. */
export const load: PageServerLoad = async ({ params, url, locals, getClientAddress, setHeaders }) => {
	const view = await viewSurvey(locals.runtime.stack, params.token, getClientAddress());
	if (!view.ok) error(view.status, view.message);
	setHeaders({ 'cache-control': 'no-store' });
	return { survey: view.survey, embed: url.searchParams.get('embed') === '1', thanked: url.searchParams.get('thanks') === '1' };
};

export const actions: Actions = {
	default: async ({ params, request, url, locals, getClientAddress }) => {
		const form = await request.formData();
		const result = await answerSurvey(locals.runtime.stack, locals.runtime.collab, params.token, getClientAddress(), form);
		if (!result.ok) return fail(result.status, { ...result, values: { score: String(form.get('score') ?? ''), comment: String(form.get('comment') ?? '') } });
		refreshAlertsForSurvey(locals.runtime.stack, params.token); // in the background: never delays or fails the answer
		// Post/redirect/get: reloading the thank-you page does not answer twice.
		redirect(303, `/s/${encodeURIComponent(params.token)}?thanks=1${url.searchParams.get('embed') === '1' ? '&embed=1' : ''}`);
	}
};
