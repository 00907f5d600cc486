import { error, redirect } from '@sveltejs/kit';
import { loadPresentation } from '#lib/server/data/presentation.js';
import { authorizeFollower } from '#lib/server/live/authorize.js';
import type { PageServerLoad } from './$types';

/** A journey as a presentation, for members (outside the /w layout: no app chrome). */
export const load: PageServerLoad = async (event) => {
	const { locals, params, url } = event;
	if (!locals.user) redirect(303, `/signin?next=${encodeURIComponent(url.pathname)}`);
	const access = await authorizeFollower(event, params.journey);
	if (!access) error(404, 'Not found');
	const presentation = await loadPresentation(locals.supabase, params.journey);
	if (!presentation) error(404, 'Not found');
	return { presentation, canDrive: access.canDrive };
};
