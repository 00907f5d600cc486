import { error } from '@sveltejs/kit';
import { isUuid } from '#lib/domain/import/similarity.js';
import { loadTeamPage } from '#lib/server/data/teams.js';
import type { PageServerLoad } from './$types';

/** A team's page: its touchpoints across journeys against target, its open and shipped actions. */
export const load: PageServerLoad = async ({ locals, params }) => {
	const page = isUuid(params.team) ? await loadTeamPage(locals.supabase, params.workspace, params.team) : null;
	if (!page) error(404, 'No such team in this workspace (it may have been deleted).');
	return page;
};
