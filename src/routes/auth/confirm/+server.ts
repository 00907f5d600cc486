import { redirect, type RequestHandler } from '@sveltejs/kit';

/** Where Supabase Auth's emails (magic link, sign-up confirmation) land in hosted mode. */
export const GET: RequestHandler = async ({ url, cookies, locals }) => {
	const tokenHash = url.searchParams.get('token_hash');
	const type = url.searchParams.get('type') ?? 'email';
	if (!tokenHash) redirect(303, '/signin');
	try {
		await locals.runtime.auth.confirm(cookies, tokenHash, type);
	} catch {
		redirect(303, '/signin?link=expired');
	}
	redirect(303, '/');
};
