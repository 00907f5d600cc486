import { error, redirect } from '@sveltejs/kit';
import { listNotes, loadPresentation } from '#lib/server/data/presentation.js';
import { authorizeFollower } from '#lib/server/live/authorize.js';
import type { PageServerLoad } from './$types';

/** The presenter's window: slides, speaker notes; only owners and editors drive the room. */
export const load: PageServerLoad = async (event) => {
	const { locals, params, url } = event;
	if (!locals.user) redirect(303, `/signin?next=${encodeURIComponent(url.pathname)}`);
	const access = await authorizeFollower(event, params.journey);
	if (!access || access.userId === null) error(404, 'Not found');
	if (!access.canDrive) error(403, 'Only owners and editors of this journey can present it. Open the presentation to follow along.');
	const [presentation, notes] = await Promise.all([loadPresentation(locals.supabase, params.journey), listNotes(locals.supabase, params.journey)]);
	if (!presentation) error(404, 'Not found');
	return { presentation, notes };
};
