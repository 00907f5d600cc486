import { z } from 'zod';
import { listNotifications, markAllNotificationsRead, markNotificationRead, refreshAlertsNow, unreadNotificationCount } from '#lib/server/data/notifications.js';
import { failFromError, parseForm } from '#lib/server/http/forms.js';
import type { Actions, PageServerLoad } from './$types';

const LIMIT = 200;

/** The notifications feed: the workspace's alerts refreshed first, newest first, with the member's read state. */
export const load: PageServerLoad = async ({ locals, params }) => {
	await refreshAlertsNow(locals.runtime.stack, params.workspace);
	const [notifications, unread] = await Promise.all([
		listNotifications(locals.supabase, params.workspace, LIMIT),
		unreadNotificationCount(locals.supabase, params.workspace)
	]);
	// `unread` replaces the layout's count, taken before this refresh.
	return { notifications, unread, limit: LIMIT };
};

export const actions: Actions = {
	read: async ({ request, locals }) => {
		const { data, failure } = await parseForm(request, z.object({ id: z.uuid('Unknown notification.') }));
		if (failure) return failure;
		try {
			await markNotificationRead(locals.supabase, data.id);
		} catch (error) {
			return failFromError(error, 'notifications');
		}
		return { success: 'Marked as read.' };
	},
	readAll: async ({ locals, params }) => {
		try {
			const marked = await markAllNotificationsRead(locals.supabase, params.workspace);
			return { success: marked === 1 ? '1 notification marked as read.' : `${marked} notifications marked as read.` };
		} catch (error) {
			return failFromError(error, 'notifications');
		}
	}
};
