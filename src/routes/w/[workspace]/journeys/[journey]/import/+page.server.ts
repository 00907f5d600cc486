import { error } from '@sveltejs/kit';
import { listJourneyImports, loadImportTarget } from '#lib/server/data/imports.js';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, parent, depends }) => {
	depends('app:imports');
	const [target, imports, { current }] = await Promise.all([
		loadImportTarget(locals.supabase, params.journey),
		listJourneyImports(locals.supabase, params.journey),
		parent()
	]);
	if (!target || target.workspaceId !== params.workspace) error(404, 'Not found');
	return {
		journey: { id: target.journeyId, workspaceId: target.workspaceId, name: target.journeyName },
		touchpoints: target.touchpoints,
		personas: target.personas,
		imports,
		canEdit: current.role !== 'viewer'
	};
};
