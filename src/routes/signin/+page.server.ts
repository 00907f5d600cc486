import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { email, failFromError, parseForm } from '#lib/server/http/forms.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	if (locals.user) redirect(303, '/');
	return {
		demo: locals.runtime.demo,
		magicLink: locals.runtime.auth.supportsMagicLink,
		mode: locals.runtime.stack.mode
	};
};

export const actions: Actions = {
	password: async ({ request, cookies, locals, url }) => {
		const { data, failure } = await parseForm(request, z.object({ email, password: z.string().min(1, 'Enter your password.') }));
		if (failure) return failure;
		try {
			await locals.runtime.auth.signIn(cookies, data.email, data.password);
		} catch (error) {
			return failFromError(error, 'form', { email: data.email });
		}
		redirect(303, safeNext(url.searchParams.get('next')));
	},
	magic: async ({ request, locals, url }) => {
		const { data, failure } = await parseForm(request, z.object({ email }));
		if (failure) return failure;
		try {
			await locals.runtime.auth.sendMagicLink(data.email, `${url.origin}/auth/confirm`);
		} catch (error) {
			return failFromError(error);
		}
		return { sent: data.email };
	}
};

/** Only same-site paths: never redirect to another origin after sign-in. */
function safeNext(next: string | null): string {
	return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

