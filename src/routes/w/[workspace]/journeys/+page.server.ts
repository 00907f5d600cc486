import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { createJourney, listJourneys } from '#lib/server/data/journeys.js';
import { failFromError, name, parseForm } from '#lib/server/http/forms.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => ({
	journeys: await listJourneys(locals.supabase, params.workspace)
});

export const actions: Actions = {
	create: async ({ request, locals, params }) => {
		const { data, failure } = await parseForm(request, z.object({ name: name('journey', 200) }));
		if (failure) return failure;
		let id: string;
		try {
			id = await createJourney(locals.supabase, params.workspace, data.name);
		} catch (error) {
			return failFromError(error, 'name');
		}
		redirect(303, `/w/${params.workspace}/journeys/${id}`);
	}
};
