import { error } from '@sveltejs/kit';
import { getJourney } from '#lib/server/data/journeys.js';
import { listPersonas } from '#lib/server/data/personas.js';
import { listMembers } from '#lib/server/data/workspaces.js';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const [journey, personas, members] = await Promise.all([
		getJourney(locals.supabase, params.journey),
		listPersonas(locals.supabase, params.workspace),
		listMembers(locals.supabase, params.workspace)
	]);
	if (!journey || journey.workspaceId !== params.workspace) error(404, 'Not found');
	return {
		journey,
		personas: personas.map((p) => ({ id: p.id, name: p.name })),
		// People who can be @mentioned in comments.
		members: members.map((m) => ({ id: m.userId, name: m.displayName || m.email })),
		me: { id: locals.user!.id, name: locals.user!.displayName || locals.user!.email }
	};
};
