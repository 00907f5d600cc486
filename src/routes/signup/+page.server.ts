import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { email, failFromError, parseForm } from '#lib/server/http/forms.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	if (locals.user) redirect(303, '/');
};

const schema = z.object({
	displayName: z.string().trim().max(120, 'Use at most 120 characters.'),
	email,
	password: z.string().min(8, 'Use at least 8 characters.').max(256, 'Use at most 256 characters.')
});

export const actions: Actions = {
	default: async ({ request, cookies, locals, url }) => {
		const { data, failure } = await parseForm(request, schema);
		if (failure) return failure;
		try {
			const { confirmEmail } = await locals.runtime.auth.signUp(cookies, data.email, data.password, data.displayName, `${url.origin}/auth/confirm`);
			if (confirmEmail) return { confirm: data.email };
		} catch (error) {
			return failFromError(error, 'form', { email: data.email, displayName: data.displayName });
		}
		redirect(303, '/');
	}
};
