import { error } from '@sveltejs/kit';
import { DEFAULT_FILTERS, periodRange, type HotspotPeriod } from '#lib/domain/friction/hotspots.js';
import { isUuid } from '#lib/domain/import/similarity.js';
import { loadTeamPage } from '#lib/server/data/teams.js';
import type { PageServerLoad } from './$types';

/** The periods the team page offers (the Hotspots presets; `?period=90d`), all time by default. */
const PERIODS: readonly HotspotPeriod[] = ['all', '30d', '90d', '365d'];

/** A team's page: its touchpoints across journeys against target, its open and shipped actions. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const asked = url.searchParams.get('period') as HotspotPeriod | null;
	const period = asked && PERIODS.includes(asked) ? asked : 'all';
	const range = periodRange({ ...DEFAULT_FILTERS, period }, new Date());
	const page = isUuid(params.team) ? await loadTeamPage(locals.supabase, params.workspace, params.team, range) : null;
	if (!page) error(404, 'No such team in this workspace (it may have been deleted).');
	return { ...page, period, periods: PERIODS };
};
