import type { SupabaseClient } from '@supabase/supabase-js';
import type { NotificationItem, NotificationKind } from '#lib/domain/notifications.js';
import { KeyedThrottle } from '#lib/domain/throttle.js';
import type { Stack } from '../stack/index.js';
import { serviceClient } from '../supabase.js';
import { denied, raise } from './errors.js';

/**
 * The notifications feed over supabase-js (supabase/migrations/20261201160000_alerts.sql):
 * reading it as the member (RLS: their workspace's notifications and their own mentions, their
 * own read state), and refreshing the alerts with the service client after evidence changes.
 */

type Row = {
	id: string;
	kind: NotificationKind;
	text: string;
	happened_at: string;
	journey_id: string | null;
	touchpoint_id: string | null;
	first_check: boolean;
	journeys: { name: string } | null;
	touchpoints: { name: string } | null;
	notification_reads: { read_at: string }[];
};

/** The newest notifications of a workspace the caller can see, with whether they read each. */
export async function listNotifications(db: SupabaseClient, workspaceId: string, limit = 200): Promise<NotificationItem[]> {
	const { data, error } = await db
		.from('notifications')
		.select('id, kind, text, happened_at, journey_id, touchpoint_id, first_check, journeys(name), touchpoints(name), notification_reads(read_at)')
		.eq('workspace_id', workspaceId)
		.order('happened_at', { ascending: false })
		.order('created_at', { ascending: false })
		.order('id')
		.limit(limit)
		.returns<Row[]>();
	if (error) raise(error, 'load the notifications');
	return data.map((r) => ({
		id: r.id,
		kind: r.kind,
		text: r.text,
		happenedAt: r.happened_at,
		journeyId: r.journey_id,
		journeyName: r.journeys?.name ?? null,
		touchpointId: r.touchpoint_id,
		touchpointName: r.touchpoints?.name ?? null,
		firstCheck: r.first_check,
		// RLS shows only the caller's own reads.
		read: r.notification_reads.length > 0
	}));
}

/** Unread notifications of the caller in a workspace; null (and logged) when it cannot be read, so the header still renders. */
export async function unreadNotificationCount(db: SupabaseClient, workspaceId: string): Promise<number | null> {
	const { data, error } = await db.rpc('unread_notification_count', { p_workspace_id: workspaceId });
	if (error) {
		console.error('[journey-studio] could not count unread notifications:', error.message);
		return null;
	}
	return data as number;
}

/** Marks one notification read by the caller (again is fine). */
export async function markNotificationRead(db: SupabaseClient, notificationId: string): Promise<void> {
	const { error } = await db
		.from('notification_reads')
		.upsert({ notification_id: notificationId }, { onConflict: 'notification_id,user_id', ignoreDuplicates: true });
	if (error) {
		// The insert policy refuses a notification the caller cannot see: the same answer as a missing one.
		if (error.code === '42501' || error.code === '23503') denied('mark that notification read');
		raise(error, 'mark the notification read');
	}
}

/** Marks every notification of the workspace read by the caller; returns how many were newly marked. */
export async function markAllNotificationsRead(db: SupabaseClient, workspaceId: string): Promise<number> {
	const { data, error } = await db.rpc('mark_all_notifications_read', { p_workspace_id: workspaceId });
	if (error) raise(error, 'mark the notifications read');
	return data as number;
}

/** Compares the workspace's state with the stored one and records a notification per change; returns how many. */
export async function refreshAlerts(db: SupabaseClient, workspaceId: string): Promise<number> {
	const { data, error } = await db.rpc('refresh_alerts', { p_workspace_id: workspaceId });
	if (error) throw new Error(`Could not refresh the alerts of workspace ${workspaceId}: ${error.message}`);
	return data as number;
}

/** At most one refresh per workspace every 30 s in this process; a change inside the window is refreshed at its end. */
export const ALERT_REFRESH_INTERVAL_MS = 30_000;
const throttle = new KeyedThrottle(ALERT_REFRESH_INTERVAL_MS);

const refreshTask = (stack: Stack, workspaceId: string) => async () => {
	try {
		await refreshAlerts(serviceClient(stack), workspaceId);
	} catch (error) {
		console.error('[journey-studio]', error instanceof Error ? error.message : error);
	}
};

/** After evidence of a workspace changed: refresh its alerts soon, in the background (never throws, never waits). */
export function refreshAlertsSoon(stack: Stack, workspaceId: string): void {
	if (!stack.serviceRoleKey) return;
	throttle.request(workspaceId, refreshTask(stack, workspaceId));
}

/**
 * When a member opens the feed: refresh now (errors are logged; the feed shows what is stored),
 * unless a refresh ran in the last 5 s with no change waiting (marking read reloads the feed).
 */
export function refreshAlertsNow(stack: Stack, workspaceId: string): Promise<void> {
	if (!stack.serviceRoleKey || throttle.ranWithin(workspaceId, 5_000)) return Promise.resolve();
	return throttle.now(workspaceId, refreshTask(stack, workspaceId));
}

/** The workspace of an import batch (null when there is none), read with the service client. */
export async function importWorkspaceId(stack: Stack, batchId: string): Promise<string | null> {
	if (!stack.serviceRoleKey) return null;
	const { data } = await serviceClient(stack).from('import_batches').select('workspace_id').eq('id', batchId).maybeSingle<{ workspace_id: string }>();
	return data?.workspace_id ?? null;
}

/** refreshAlertsSoon for the workspace of an import batch (looked up in the background). */
export function refreshAlertsForImport(stack: Stack, batchId: string): void {
	inBackground(stack, () => importWorkspaceId(stack, batchId));
}

/** refreshAlertsSoon for the workspace of a public survey (after an answer; the respondent does not wait). */
export function refreshAlertsForSurvey(stack: Stack, token: string): void {
	inBackground(stack, async (service) => {
		const { data } = await service.from('surveys').select('workspace_id').eq('public_token', token).maybeSingle<{ workspace_id: string }>();
		return data?.workspace_id ?? null;
	});
}

function inBackground(stack: Stack, workspaceOf: (service: SupabaseClient) => Promise<string | null>): void {
	if (!stack.serviceRoleKey) return;
	workspaceOf(serviceClient(stack))
		.then((workspaceId) => workspaceId && refreshAlertsSoon(stack, workspaceId))
		.catch((error: unknown) => console.error('[journey-studio] could not schedule an alerts refresh:', error));
}
