/**
 * The notifications feed (supabase/migrations/20261201160000_alerts.sql): what a notification is
 * and where it leads. Pure: the data module reads the rows, the page renders these.
 */
export type NotificationKind = 'became_hotspot' | 'no_longer_hotspot' | 'crossed_target' | 'mention';

export interface NotificationItem {
	id: string;
	kind: NotificationKind;
	text: string;
	/** When it happened (ISO): the refresh that saw the change, or the comment's time for a mention. */
	happenedAt: string;
	journeyId: string | null;
	journeyName: string | null;
	touchpointId: string | null;
	touchpointName: string | null;
	/** True when found at the first check of the workspace (the date is when it was found). */
	firstCheck: boolean;
	read: boolean;
}

export const KIND_LABELS: Readonly<Record<NotificationKind, string>> = {
	became_hotspot: 'Hotspot',
	no_longer_hotspot: 'No longer a hotspot',
	crossed_target: 'Target',
	mention: 'Mention'
};

/**
 * Where a notification leads: the journey canvas at the touchpoint with its metrics panel open
 * (its comments for a mention), the journey alone when there is no touchpoint, or nowhere.
 */
export function notificationHref(workspaceId: string, n: Pick<NotificationItem, 'kind' | 'journeyId' | 'touchpointId'>): string | null {
	if (!n.journeyId) return null;
	const base = `/w/${encodeURIComponent(workspaceId)}/journeys/${encodeURIComponent(n.journeyId)}`;
	if (!n.touchpointId) return base;
	const panel = n.kind === 'mention' ? 'comments' : 'metrics';
	return `${base}?touchpoint=${encodeURIComponent(n.touchpointId)}&panel=${panel}`;
}

/** The bell's accessible name: "Notifications, 3 unread" (just "Notifications" when none or unknown). */
export function bellLabel(unread: number | null): string {
	return unread ? `Notifications, ${unread} unread` : 'Notifications';
}

/** The badge on the bell: the count, "99+" above 99, nothing when none. */
export function bellBadge(unread: number | null): string | null {
	if (!unread) return null;
	return unread > 99 ? '99+' : String(unread);
}
