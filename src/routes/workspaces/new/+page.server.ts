import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { createWorkspace, listMyWorkspaces } from '#lib/server/data/workspaces.js';
import { failFromError, name, parseForm } from '#lib/server/http/forms.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	if (!locals.user) redirect(303, '/signin?next=/workspaces/new');
	return { hasWorkspaces: (await listMyWorkspaces(locals.supabase, locals.user.id)).length > 0 };
};

export const actions: Actions = {
	default: async ({ request, locals }) => {
		if (!locals.user) redirect(303, '/signin');
		const { data, failure } = await parseForm(request, z.object({ name: name('workspace') }));
		if (failure) return failure;
		let id: string;
		try {
			id = await createWorkspace(locals.supabase, data.name);
		} catch (error) {
			return failFromError(error, 'name', { name: data.name });
		}
		redirect(303, `/w/${id}/journeys`);
	}
};
