import { error, type RequestHandler } from '@sveltejs/kit';
import { hotspotsCsv, hotspotsFilename } from '#lib/domain/friction/export.js';
import { parseHotspotQuery } from '#lib/domain/friction/hotspots.js';
import { isUuid } from '#lib/domain/import/similarity.js';
import { DataError } from '#lib/server/data/errors.js';
import { loadHotspots } from '#lib/server/data/hotspots.js';

/**
 * GET /w/<workspace>/hotspots/export.csv?<the page's filters> → the whole filtered table (every
 * page) as RFC 4180 CSV, sorted as on screen. 401 without a session, 404 for a workspace the user
 * is not a member of, 400 with the reason for a bad filter.
 */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	if (!locals.user) error(401, 'Sign in first.');
	if (!isUuid(params.workspace!)) error(404, 'Not found');
	const member = await locals.supabase.from('workspaces').select('id').eq('id', params.workspace!).maybeSingle();
	if (member.error) error(503, 'The database is unavailable right now. Try again in a moment.');
	if (!member.data) error(404, 'Not found');
	const query = parseHotspotQuery(url.searchParams);
	if (!query.ok) error(400, query.message);
	try {
		const view = await loadHotspots(locals.supabase, params.workspace!, query.filters);
		const now = new Date();
		// A BOM so spreadsheet programs read the explanations' “−” and “—” as UTF-8.
		return new Response(`\uFEFF${hotspotsCsv(view.rows)}`, {
			headers: {
				'content-type': 'text/csv; charset=utf-8; header=present',
				'content-disposition': `attachment; filename="${hotspotsFilename(now)}"`,
				'cache-control': 'no-store'
			}
		});
	} catch (caught) {
		if (caught instanceof DataError) error(400, caught.message);
		throw caught;
	}
};
