import { error } from '@sveltejs/kit';
import { getJourneyOutline } from '#lib/server/data/journeys.js';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const journey = await getJourneyOutline(locals.supabase, params.journey);
	if (!journey) error(404, 'Not found');
	return { journey };
};
