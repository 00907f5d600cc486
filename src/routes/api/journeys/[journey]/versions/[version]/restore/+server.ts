import { error, json, type RequestHandler } from '@sveltejs/kit';
import { getJourney } from '#lib/server/data/journeys.js';
import { restoreVersion } from '#lib/server/data/versions.js';
import { answer, requireUser } from '#lib/server/http/api.js';

/** Restores a version for everyone on the journey; the map as it was is kept as a version first. */
export const POST: RequestHandler = ({ locals, params }) =>
	answer(async () => {
		const user = requireUser(locals);
		const journey = await getJourney(locals.supabase, params.journey!);
		if (!journey) error(404, 'No such journey.');
		const result = await restoreVersion(locals.supabase, locals.runtime.collab, journey, params.version!, user.id);
		if (!result) error(404, 'No such version.');
		return json(result);
	});
