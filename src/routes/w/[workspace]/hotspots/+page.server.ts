import { DEFAULT_FILTERS, pageOf, parseHotspotQuery, teamCounts, type HotspotFilters } from '#lib/domain/friction/hotspots.js';
import { DataError } from '#lib/server/data/errors.js';
import { loadHotspots, loadSparklines } from '#lib/server/data/hotspots.js';
import type { PageServerLoad } from './$types';

/**
 * The Hotspots view: every touchpoint of the workspace ranked by friction, with the filters read
 * from the URL (so a link keeps them). A bad filter is a message on the page (with the filters
 * to fix it), not an error page. The sparklines of the rows on screen stream in after the table.
 */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const query = parseHotspotQuery(url.searchParams);
	const show = async (filters: HotspotFilters, problem: string | null) => {
		const view = await loadHotspots(locals.supabase, params.workspace, filters);
		const shown = pageOf(problem ? [] : view.rows, filters.page);
		return {
			...view,
			problem,
			filters: { ...filters, page: shown.page },
			rows: shown.rows,
			matching: view.rows.length,
			hotspotCount: view.rows.filter((r) => r.isHotspot).length,
			// Grouped by team, each heading counts its team's rows on every page.
			teamCounts: filters.groupByTeam ? teamCounts(view.rows) : {},
			pages: shown.pages,
			sparklines: loadSparklines(locals.supabase, shown.rows, filters)
		};
	};
	if (!query.ok) return show(DEFAULT_FILTERS, query.message);
	try {
		return await show(query.filters, null);
	} catch (caught) {
		if (caught instanceof DataError) return show(DEFAULT_FILTERS, caught.message);
		throw caught;
	}
};
