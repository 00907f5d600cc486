import { json, type RequestHandler } from '@sveltejs/kit';

/**
 * A fresh access token for the signed-in user (the cookie session refreshes it in hooks), for
 * the collaboration socket and browser-side supabase-js. 401 without a session.
 */
export const GET: RequestHandler = ({ locals, setHeaders }) => {
	setHeaders({ 'cache-control': 'no-store' });
	if (!locals.user || !locals.accessToken) return json({ message: 'Sign in first' }, { status: 401 });
	return json({ token: locals.accessToken });
};
