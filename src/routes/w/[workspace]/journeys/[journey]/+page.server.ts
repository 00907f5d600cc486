import { error } from '@sveltejs/kit';
import { loadJourneyFreshness } from '#lib/server/data/freshness.js';
import { getJourney } from '#lib/server/data/journeys.js';
import { listPersonas } from '#lib/server/data/personas.js';
import { listMembers } from '#lib/server/data/workspaces.js';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const [journey, personas, members, freshness] = await Promise.all([
		getJourney(locals.supabase, params.journey),
		listPersonas(locals.supabase, params.workspace),
		listMembers(locals.supabase, params.workspace),
		loadJourneyFreshness(locals.supabase, params.journey)
	]);
	if (!journey || journey.workspaceId !== params.workspace) error(404, 'Not found');
	return {
		journey,
		// When the map and its data were last updated, and its silent touchpoints (the stale-map guard).
		freshness,
		personas: personas.map((p) => ({ id: p.id, name: p.name })),
		// People who can be @mentioned in comments.
		members: members.map((m) => ({ id: m.userId, name: m.displayName || m.email })),
		me: { id: locals.user!.id, name: locals.user!.displayName || locals.user!.email }
	};
};
