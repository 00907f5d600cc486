import { error, json } from '@sveltejs/kit';
import { DataError } from '../data/errors.js';

/** JSON endpoints: 401 without a session (the caller signs in and retries). */
export function requireUser(locals: App.Locals): NonNullable<App.Locals['user']> {
	if (!locals.user) error(401, 'Sign in first.');
	return locals.user;
}

/** Runs an endpoint body; a refusal the user caused becomes a 403 with its message. */
export async function answer(body: () => Promise<Response>): Promise<Response> {
	try {
		return await body();
	} catch (caught) {
		if (caught instanceof DataError) return json({ message: caught.message }, { status: 403 });
		throw caught;
	}
}
