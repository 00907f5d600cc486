import { error, redirect } from '@sveltejs/kit';
import { unreadNotificationCount } from '#lib/server/data/notifications.js';
import { listMyWorkspaces } from '#lib/server/data/workspaces.js';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals, params, url }) => {
	if (!locals.user) redirect(303, `/signin?next=${encodeURIComponent(url.pathname)}`);
	const workspaces = await listMyWorkspaces(locals.supabase, locals.user.id);
	const current = workspaces.find((w) => w.id === params.workspace);
	// Not a member (or no such workspace): the same 404, so ids reveal nothing.
	if (!current) error(404, 'Not found');
	const unread = await unreadNotificationCount(locals.supabase, current.id);
	return { workspaces, current, unread, user: { email: locals.user.email, displayName: locals.user.displayName } };
};
