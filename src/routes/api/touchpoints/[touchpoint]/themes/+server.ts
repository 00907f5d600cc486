import { error, json, type RequestHandler } from '@sveltejs/kit';
import { parseThemeQuery } from '#lib/domain/feedback/filters.js';
import { isUuid } from '#lib/domain/import/similarity.js';
import { touchpointThemes } from '#lib/server/data/feedback.js';
import { answer, requireUser } from '#lib/server/http/api.js';

/**
 * Top themes of a touchpoint's feedback: GET /api/touchpoints/<id>/themes?from=&to=&persona=&channel=&source=&limit=
 * → { themes: [{ phrase, count, negative, negativeShare, weight, exampleIds }], items, truncated }.
 * 401 without a session, 400 on a bad parameter, 404 when the touchpoint is not one the user can read.
 */
export const GET: RequestHandler = ({ locals, params, url }) =>
	answer(async () => {
		requireUser(locals);
		if (!isUuid(params.touchpoint!)) error(400, 'The touchpoint id is not a uuid.');
		const query = parseThemeQuery(url.searchParams);
		if (!query.ok) error(400, query.message);
		const result = await touchpointThemes(locals.supabase, params.touchpoint!, query.filters);
		if (!result) error(404, 'No such touchpoint.');
		return json(result);
	});
