import { redirect } from '@sveltejs/kit';
import { listMyWorkspaces } from '#lib/server/data/workspaces.js';
import type { PageServerLoad } from './$types';

/** Home: straight to the first workspace, or to creating one. */
export const load: PageServerLoad = async ({ locals }) => {
	if (!locals.user) redirect(303, '/signin');
	const workspaces = await listMyWorkspaces(locals.supabase, locals.user.id);
	redirect(303, workspaces[0] ? `/w/${workspaces[0].id}/journeys` : '/workspaces/new');
};
