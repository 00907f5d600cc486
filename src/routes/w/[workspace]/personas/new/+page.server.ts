import { error, redirect } from '@sveltejs/kit';
import { createPersona, setPersonaPhoto } from '#lib/server/data/personas.js';
import { failFromError } from '#lib/server/http/forms.js';
import { readPersonaForm } from '#lib/server/http/persona-form.js';
import { photoStore } from '#lib/server/http/persona-photos.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ parent }) => {
	const { current } = await parent();
	if (current.role === 'viewer') error(403, 'Viewers cannot create personas.');
};

export const actions: Actions = {
	default: async ({ request, locals, params }) => {
		const form = await readPersonaForm(request);
		if (form.failure) return form.failure;
		let id: string;
		try {
			id = await createPersona(locals.supabase, params.workspace, form.input);
			if (form.photo) await setPersonaPhoto(locals.supabase, photoStore(locals), { id, workspaceId: params.workspace }, form.photo);
		} catch (problem) {
			return failFromError(problem, 'form', form.values);
		}
		redirect(303, `/w/${params.workspace}/personas/${id}?created=1`);
	}
};
