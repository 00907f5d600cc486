import { error } from '@sveltejs/kit';
import { getJourney } from '#lib/server/data/journeys.js';
import { getVersion } from '#lib/server/data/versions.js';
import type { PageServerLoad } from './$types';

/** A stored version of a journey, shown read-only (RLS: members of its workspace). */
export const load: PageServerLoad = async ({ locals, params }) => {
	const journey = await getJourney(locals.supabase, params.journey);
	if (!journey || journey.workspaceId !== params.workspace) error(404, 'Not found');
	const found = await getVersion(locals.supabase, journey.id, params.version);
	if (!found) error(404, 'This version does not exist (any more).');
	return { journey, version: found.version, document: found.document };
};
