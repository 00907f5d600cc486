import { error } from '@sveltejs/kit';
import { viewShared } from '#lib/server/data/shares.js';
import type { PageServerLoad } from './$types';

/**
 * A read-only share link: the journey's presentation or the persona's card, for anyone with the
 * link and no account. Rate limited per address; a bad, expired or revoked link is one 410.
 */
export const load: PageServerLoad = async ({ params, locals, getClientAddress, setHeaders }) => {
	// The token is in the URL: no caching, no indexing, and no Referer to an external photo host.
	setHeaders({ 'cache-control': 'no-store', 'x-robots-tag': 'noindex, nofollow', 'referrer-policy': 'no-referrer' });
	const result = await viewShared(locals.runtime.stack, params.token, getClientAddress());
	if (!result.ok) error(result.status, result.message);
	return { view: result.view, token: params.token };
};
