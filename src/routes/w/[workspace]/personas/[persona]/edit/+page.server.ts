import { error, redirect } from '@sveltejs/kit';
import { getPersona, removePersonaPhoto, setPersonaPhoto, updatePersona } from '#lib/server/data/personas.js';
import { failFromError } from '#lib/server/http/forms.js';
import { readPersonaForm } from '#lib/server/http/persona-form.js';
import { photoStore } from '#lib/server/http/persona-photos.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, parent }) => {
	const { current } = await parent();
	if (current.role === 'viewer') error(403, 'Viewers cannot edit personas.');
	const persona = await getPersona(locals.supabase, params.workspace, params.persona);
	if (!persona) error(404, 'No such persona.');
	return { persona };
};

export const actions: Actions = {
	default: async ({ request, locals, params }) => {
		const form = await readPersonaForm(request);
		if (form.failure) return form.failure;
		const ref = { id: params.persona, workspaceId: params.workspace };
		try {
			await updatePersona(locals.supabase, params.workspace, params.persona, form.input);
			if (form.photo) await setPersonaPhoto(locals.supabase, photoStore(locals), ref, form.photo);
			else if (form.removePhoto) await removePersonaPhoto(locals.supabase, photoStore(locals), ref);
		} catch (problem) {
			return failFromError(problem, 'form', form.values);
		}
		redirect(303, `/w/${params.workspace}/personas/${params.persona}?saved=1`);
	}
};
