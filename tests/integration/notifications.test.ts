import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { LocalAuth } from '#lib/server/auth/local.js';
import { DEMO_EMAIL, DEMO_PASSWORD, seedDemo } from '#lib/server/demo/seed.js';
import type { Stack } from '#lib/server/stack/index.js';
import { serviceClient, userClient } from '#lib/server/supabase.js';
import { createIngestKey, handleIngest } from '#lib/server/data/ingest.js';
import {
	listNotifications,
	markAllNotificationsRead,
	markNotificationRead,
	refreshAlerts,
	unreadNotificationCount
} from '#lib/server/data/notifications.js';
import { createJourneyWithTouchpoints } from '../support/imports.js';
import { engines } from '../support/stacks.js';
import { createUser, type TestUser } from '../support/users.js';

const DAY = 86_400_000;

/** `count` answers of one metric and score for a touchpoint, spread over the last 150 days. */
function answers(ws: string, touchpointId: string, metric: 'nps' | 'csat', score: number, count: number) {
	return Array.from({ length: count }, (_, i) => ({
		workspace_id: ws,
		touchpoint_id: touchpointId,
		metric,
		score,
		scale_max: metric === 'nps' ? 10 : 5,
		source: 'manual',
		// Evenly spread, so the recent window never looks worse than the one before.
		responded_at: new Date(Date.now() - (1 + (i * 150) / count) * DAY).toISOString()
	}));
}

type Notification = { kind: string; touchpoint_id: string | null; metric: string | null; direction: string | null; value: number | null; target: number | null; text: string; first_check: boolean; happened_at: string };

for (const engine of engines) {
	describe(`alerts and notifications on ${engine.name}`, () => {
		let stack: Stack;
		let service: SupabaseClient;
		let owner: TestUser;
		let viewer: TestUser;
		let outsider: TestUser;
		let ws: string;
		let journeyId: string;
		let tp: Record<'Search' | 'Order' | 'Install' | 'Billing', string>;

		const add = async (rows: object[]) => {
			const { error } = await service.from('survey_responses').insert(rows);
			if (error) throw new Error(error.message);
		};
		const all = async (): Promise<Notification[]> => {
			const { data, error } = await service
				.from('notifications')
				.select('kind, touchpoint_id, metric, direction, value, target, text, first_check, happened_at')
				.eq('workspace_id', ws)
				.order('created_at');
			if (error) throw new Error(error.message);
			return data as Notification[];
		};

		beforeAll(async () => {
			stack = await engine.start();
			service = serviceClient(stack);
			[owner, viewer, outsider] = await Promise.all([createUser(stack, 'owner'), createUser(stack, 'viewer'), createUser(stack, 'outsider')]);
			const { data, error } = await owner.client.rpc('create_workspace', { p_name: 'Alerts' });
			if (error) throw error;
			ws = data.id;
			await service.from('workspace_members').insert({ workspace_id: ws, user_id: viewer.id, role: 'viewer' });
			const made = await createJourneyWithTouchpoints(service, ws, ['Search', 'Order', 'Install', 'Billing']);
			journeyId = made.journeyId;
			tp = Object.fromEntries(made.touchpoints.map((t) => [t.name, t.id])) as typeof tp;
			// Order is plainly bad (NPS −100 from 60 answers); the others are fine.
			await add([
				...answers(ws, tp.Search, 'nps', 10, 60),
				...answers(ws, tp.Order, 'nps', 1, 60),
				...answers(ws, tp.Install, 'nps', 10, 40),
				...answers(ws, tp.Billing, 'csat', 5, 40)
			]);
		});
		afterAll(async () => {
			await stack?.stop();
		});

		test('the first refresh reports the existing hotspot as found today; a second refresh adds nothing', async () => {
			const before = Date.now();
			expect(await refreshAlerts(owner.client, ws)).toBe(1);
			const [n] = await all();
			expect(n).toMatchObject({ kind: 'became_hotspot', touchpoint_id: tp.Order, first_check: true });
			expect(n!.text).toMatch(/^Is a hotspot \(friction 100\/100\), found at the first check .*: NPS −100 vs target \+30 \(n=60\)$/);
			expect(Date.parse(n!.happened_at)).toBeGreaterThanOrEqual(before - 5000);

			expect(await refreshAlerts(owner.client, ws)).toBe(0);
			expect(await refreshAlerts(service, ws)).toBe(0);
			expect(await all()).toHaveLength(1);
		});

		test('bad answers on another touchpoint: it becomes a hotspot and its NPS crosses below target', async () => {
			await add(answers(ws, tp.Install, 'nps', 0, 200));
			expect(await refreshAlerts(service, ws)).toBe(2);
			const added = (await all()).slice(1);
			expect(added.map((n) => n.kind).sort()).toEqual(['became_hotspot', 'crossed_target']);
			const became = added.find((n) => n.kind === 'became_hotspot')!;
			expect(became).toMatchObject({ touchpoint_id: tp.Install, first_check: false });
			expect(became.text).toMatch(/^Became a hotspot \(friction \d+\/100\): NPS −67 vs target \+30 \(n=240\)/);
			const crossed = added.find((n) => n.kind === 'crossed_target')!;
			expect(crossed).toMatchObject({ touchpoint_id: tp.Install, metric: 'nps', direction: 'missed', target: 30 });
			expect(crossed.value).toBeCloseTo((100 * (40 - 200)) / 240, 6);
			expect(crossed.text).toBe('NPS now misses its target: −67 vs target +30 (n=240)');
			expect(await refreshAlerts(service, ws)).toBe(0);
		});

		test('a touchpoint crossing its target both ways, without becoming a hotspot', async () => {
			// CSAT 100 % → 50 % (40 top-box of 80): misses 80 %, friction stays below 50.
			await add(answers(ws, tp.Billing, 'csat', 2, 40));
			expect(await refreshAlerts(service, ws)).toBe(1);
			expect((await all()).at(-1)).toMatchObject({
				kind: 'crossed_target',
				touchpoint_id: tp.Billing,
				metric: 'csat',
				direction: 'missed',
				value: 50,
				target: 80,
				text: 'CSAT now misses its target: 50% vs target 80% (n=80)'
			});
			// A journey override of 40 % puts it back above target.
			await service.from('metric_targets').insert({ workspace_id: ws, journey_id: journeyId, metric: 'csat', target: 40 });
			expect(await refreshAlerts(service, ws)).toBe(1);
			expect((await all()).at(-1)).toMatchObject({ kind: 'crossed_target', metric: 'csat', direction: 'met', value: 50, target: 40 });
		});

		test('a hotspot whose evidence is undone is reported as no longer a hotspot', async () => {
			await service.from('survey_responses').delete().eq('touchpoint_id', tp.Install).eq('score', 0);
			const count = await refreshAlerts(service, ws);
			const added = (await all()).slice(-count);
			expect(added.map((n) => [n.kind, n.metric, n.direction])).toEqual(
				expect.arrayContaining([
					['no_longer_hotspot', null, null],
					['crossed_target', 'nps', 'met']
				])
			);
			expect(added.find((n) => n.kind === 'no_longer_hotspot')!.text).toMatch(/^No longer a hotspot \(friction 0\/100\): Meets its targets$/);
		});

		test('concurrent refreshes record each change once', async () => {
			await add(answers(ws, tp.Search, 'nps', 0, 300));
			const counts = await Promise.all([refreshAlerts(service, ws), refreshAlerts(owner.client, ws), refreshAlerts(viewer.client, ws)]);
			expect(counts.reduce((a, b) => a + b, 0)).toBe(2);
			const search = (await all()).filter((n) => n.touchpoint_id === tp.Search);
			expect(search.map((n) => n.kind).sort()).toEqual(['became_hotspot', 'crossed_target']);
		});

		test('answers through the ingest API refresh the alerts in the background', async () => {
			const key = await createIngestKey(owner.client, ws, 'CRM');
			const before = (await all()).length;
			const items = Array.from({ length: 200 }, () => ({ touchpoint_id: tp.Billing, metric: 'csat', score: 1, scale_max: 5 }));
			const request = new Request('http://localhost/api/ingest/responses', {
				method: 'POST',
				headers: { 'content-type': 'application/json', authorization: `Bearer ${key.token}` },
				body: JSON.stringify(items)
			});
			const response = await handleIngest(stack, 'responses', request);
			expect(response.status).toBe(200);
			// Nobody calls refresh_alerts here: the ingest request scheduled it.
			// 200 answers of 1 today: CSAT falls below 40 % and the drop against the previous 90 days makes it a hotspot.
			await expect.poll(async () => (await all()).slice(before).map((n) => `${n.kind} ${n.metric ?? ''}`.trim()).sort(), { timeout: 10_000 }).toEqual([
				'became_hotspot',
				'crossed_target csat'
			]);
			const added = (await all()).slice(before);
			expect(added.every((n) => n.touchpoint_id === tp.Billing)).toBe(true);
			expect(added.find((n) => n.kind === 'became_hotspot')!.text).toMatch(/CSAT fell from/);
			expect(added.find((n) => n.kind === 'crossed_target')).toMatchObject({ direction: 'missed', target: 40 });
		});

		test('members read the feed newest first with journey and touchpoint; a member of another workspace sees none and cannot refresh', async () => {
			const feed = await listNotifications(viewer.client, ws);
			expect(feed.length).toBe((await all()).length);
			const times = feed.map((n) => Date.parse(n.happenedAt));
			expect([...times].sort((a, b) => b - a)).toEqual(times);
			expect(feed.at(-1)).toMatchObject({ kind: 'became_hotspot', journeyName: 'Import journey', touchpointName: 'Order', firstCheck: true, read: false });

			expect(await listNotifications(outsider.client, ws)).toEqual([]);
			const { data } = await outsider.client.from('notifications').select('id');
			expect(data).toEqual([]);
			expect(await unreadNotificationCount(outsider.client, ws)).toBe(0);
			await expect(refreshAlerts(outsider.client, ws)).rejects.toThrow(/not readable/);
			const planted = await outsider.client.from('notifications').insert({ workspace_id: ws, kind: 'became_hotspot', journey_id: journeyId, touchpoint_id: tp.Order, text: 'fake', happened_at: new Date().toISOString() });
			expect(planted.error).not.toBeNull();
			const byMember = await owner.client.from('notifications').insert({ workspace_id: ws, kind: 'became_hotspot', journey_id: journeyId, touchpoint_id: tp.Order, text: 'fake', happened_at: new Date().toISOString() });
			expect(byMember.error).not.toBeNull();
		});

		test('read state is per person, and nobody marks for someone else', async () => {
			const total = (await all()).length;
			expect(await unreadNotificationCount(owner.client, ws)).toBe(total);
			expect(await unreadNotificationCount(viewer.client, ws)).toBe(total);

			const [newest] = await listNotifications(owner.client, ws);
			await markNotificationRead(owner.client, newest!.id);
			await markNotificationRead(owner.client, newest!.id); // again: no error, no change
			expect(await unreadNotificationCount(owner.client, ws)).toBe(total - 1);
			expect(await unreadNotificationCount(viewer.client, ws)).toBe(total);
			expect((await listNotifications(owner.client, ws))[0]!.read).toBe(true);
			expect((await listNotifications(viewer.client, ws))[0]!.read).toBe(false);

			const forOwner = await viewer.client.from('notification_reads').insert({ notification_id: newest!.id, user_id: owner.id });
			expect(forOwner.error).not.toBeNull();
			const { data: visible } = await viewer.client.from('notification_reads').select('user_id');
			expect(visible).toEqual([]);
			await expect(markNotificationRead(outsider.client, newest!.id)).rejects.toThrow(/permission/);

			expect(await markAllNotificationsRead(viewer.client, ws)).toBe(total);
			expect(await unreadNotificationCount(viewer.client, ws)).toBe(0);
			expect(await unreadNotificationCount(owner.client, ws)).toBe(total - 1);
		});

		test('the demo seed ends with the first check: the demo user finds every demo hotspot in the feed', async () => {
			const { workspaceId } = await seedDemo(stack);
			const session = await new LocalAuth(service, stack.jwtSecret!).signIn(DEMO_EMAIL, DEMO_PASSWORD);
			const demo = userClient(stack, session.accessToken);
			const { data: rows, error } = await demo.rpc('friction_hotspots', { p_workspace_id: workspaceId });
			if (error) throw error;
			const hotspots = (rows as { touchpoint_id: string; is_hotspot: boolean }[]).filter((r) => r.is_hotspot).map((r) => r.touchpoint_id);
			expect(hotspots.length).toBeGreaterThan(0);
			const feed = await listNotifications(demo, workspaceId);
			expect(feed.every((n) => n.kind === 'became_hotspot' && n.firstCheck && !n.read)).toBe(true);
			expect(feed.map((n) => n.touchpointId).sort()).toEqual([...hotspots].sort());
			expect(await unreadNotificationCount(demo, workspaceId)).toBe(hotspots.length);
			expect(await refreshAlerts(demo, workspaceId)).toBe(0);
		});

		test('an @mention notifies the person mentioned, and only them', async () => {
			const { data: comment, error } = await owner.client
				.from('comments')
				.insert({ workspace_id: ws, journey_id: journeyId, target_id: tp.Order, target_kind: 'touchpoint', body: 'Can you check the order step?', mentions: [viewer.id, outsider.id, owner.id] })
				.select('id')
				.single();
			if (error) throw error;
			const [mention] = await listNotifications(viewer.client, ws);
			expect(mention).toMatchObject({ kind: 'mention', touchpointId: tp.Order, touchpointName: 'Order', read: false });
			expect(mention!.text).toBe('owner mentioned you: “Can you check the order step?”');
			expect((await listNotifications(owner.client, ws)).some((n) => n.kind === 'mention')).toBe(false);
			expect(await unreadNotificationCount(viewer.client, ws)).toBe(1);
			// Editing the comment without new mentions notifies nobody again.
			await owner.client.from('comments').update({ body: 'Can you check the order step, please?' }).eq('id', comment.id);
			const { count } = await service.from('notifications').select('*', { count: 'exact', head: true }).eq('kind', 'mention');
			expect(count).toBe(1);
		});
	});
}
