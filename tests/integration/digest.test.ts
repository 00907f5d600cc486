/**
 * The stale-map guard and the workspace digest through supabase-js as real members
 * (supabase/migrations/20261202140000_digest.sql, src/lib/server/data/freshness.ts and digest.ts):
 * planted evidence of known ages makes touchpoints fresh, silent or never heard from; an old map
 * is stale; hotspots with an open action drop off the digest, overdue actions carry their owner
 * and team; the N-weeks setting moves the line; outsiders see nothing.
 */
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { LocalAuth } from '#lib/server/auth/local.js';
import { DataError } from '#lib/server/data/errors.js';
import { DEMO_EMAIL, DEMO_PASSWORD, seedDemo } from '#lib/server/demo/seed.js';
import { loadDigest } from '#lib/server/data/digest.js';
import { loadJourneyFreshness, loadWorkspaceFreshness, setStaleAfterWeeks } from '#lib/server/data/freshness.js';
import type { Stack } from '#lib/server/stack/index.js';
import { serviceClient, userClient } from '#lib/server/supabase.js';
import { createJourneyWithTouchpoints } from '../support/imports.js';
import { engines } from '../support/stacks.js';
import { createUser, type TestUser } from '../support/users.js';

const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();
const date = (days: number) => ago(days).slice(0, 10);

async function insert(service: SupabaseClient, table: string, rows: object[]) {
	const { error } = await service.from(table).insert(rows);
	if (error) throw new Error(`${table}: ${error.message}`);
}

for (const engine of engines) {
	describe(`stale-map guard and digest on ${engine.name}`, () => {
		let stack: Stack;
		let service: SupabaseClient;
		let owner: TestUser;
		let viewer: TestUser;
		let outsider: TestUser;
		let ws: string;
		let live: { journeyId: string; touchpoints: { id: string; name: string }[] };
		let oldMapId: string;
		const tp = (name: string) => live.touchpoints.find((t) => t.name === name)!.id;

		beforeAll(async () => {
			stack = await engine.start();
			service = serviceClient(stack);
			[owner, viewer, outsider] = await Promise.all([createUser(stack, 'owner'), createUser(stack, 'viewer'), createUser(stack, 'outsider')]);
			const created = await owner.client.rpc('create_workspace', { p_name: 'Digest' });
			if (created.error) throw created.error;
			ws = created.data.id;
			await service.from('workspace_members').insert({ workspace_id: ws, user_id: viewer.id, role: 'viewer' }).throwOnError();
			live = await createJourneyWithTouchpoints(service, ws, ['Checkout', 'Hotline', 'Letters', 'Kiosk']);
			// Checkout and Hotline: 60 NPS zeros each this month (hotspots, fresh). Letters: one
			// answer 100 days ago (silent at 6 weeks, not at 20). Kiosk: never anything.
			const zeros = (touchpointId: string) =>
				Array.from({ length: 60 }, (_, i) => ({ workspace_id: ws, touchpoint_id: touchpointId, metric: 'nps', score: 0, scale_max: 10, responded_at: ago(1 + (i % 20)) }));
			await insert(service, 'survey_responses', [
				...zeros(tp('Checkout')),
				...zeros(tp('Hotline')),
				{ workspace_id: ws, touchpoint_id: tp('Letters'), metric: 'csat', score: 4, scale_max: 5, responded_at: ago(100) }
			]);
			// A case is evidence too: the newest evidence of Hotline is this case, an hour ago.
			await insert(service, 'service_cases', [{ workspace_id: ws, touchpoint_id: tp('Hotline'), opened_at: ago(1 / 24) }]);
			// A map nobody touched for ten weeks (inserted with its age: the touch trigger is on update only).
			const old = await service.from('journeys').insert({ workspace_id: ws, name: 'Old map', updated_at: ago(70) }).select('id').single();
			if (old.error) throw old.error;
			oldMapId = old.data.id;
			await insert(service, 'touchpoints', [{ journey_id: oldMapId, workspace_id: ws, name: 'Old counter', position: 0 }]);
			await insert(service, 'survey_responses', [{ workspace_id: ws, touchpoint_id: (await service.from('touchpoints').select('id').eq('journey_id', oldMapId).single()).data!.id, metric: 'ces', score: 5, scale_max: 7, responded_at: ago(2) }]);
			// An archived journey is never listed.
			const archived = await service.from('journeys').insert({ workspace_id: ws, name: 'Archived', updated_at: ago(300), archived_at: ago(200) }).select('id').single();
			await insert(service, 'touchpoints', [{ journey_id: archived.data!.id, workspace_id: ws, name: 'Gone', position: 0 }]);
		}, 120_000);
		afterAll(() => stack?.stop());

		test('a journey: map and data last updated, silent touchpoints never-heard-from first', async () => {
			const f = (await loadJourneyFreshness(viewer.client, live.journeyId))!;
			expect(f.staleAfterWeeks).toBe(6);
			expect(f.touchpoints).toBe(4);
			expect(Date.now() - Date.parse(f.mapUpdatedAt)).toBeLessThan(5 * 60_000);
			expect(Date.now() - Date.parse(f.lastDataAt!)).toBeLessThan(2 * 3_600_000);
			expect(f.silent.map((s) => s.name)).toEqual(['Kiosk', 'Letters']);
			expect(f.silent[0]!.lastDataAt).toBeNull();
			expect(Date.parse(f.silent[1]!.lastDataAt!)).toBeLessThan(Date.now() - 99 * DAY);
			expect(await loadJourneyFreshness(outsider.client, live.journeyId)).toBeNull();
			expect(await loadJourneyFreshness(viewer.client, 'not-a-uuid')).toBeNull();
		});

		test('workspace_freshness agrees with touchpoint_freshness and leaves archived journeys out', async () => {
			const { byJourney, staleAfterWeeks } = await loadWorkspaceFreshness(viewer.client, ws);
			expect(staleAfterWeeks).toBe(6);
			expect([...byJourney.keys()].sort()).toEqual([live.journeyId, oldMapId].sort());
			const one = await viewer.client.rpc('touchpoint_freshness', { p_journey_id: live.journeyId });
			const silentIds = (one.data as { touchpoint_id: string; silent: boolean }[]).filter((r) => r.silent).map((r) => r.touchpoint_id).sort();
			expect(byJourney.get(live.journeyId)!.silent.map((s) => s.id).sort()).toEqual(silentIds);
			expect(byJourney.get(oldMapId)).toMatchObject({ touchpoints: 1, silent: [] });
			const theirs = await outsider.client.rpc('workspace_freshness', { p_workspace_id: ws });
			expect(theirs.data).toEqual([]);
		});

		test('the digest: stale journeys, hotspots without an open action, overdue actions with owner and team', async () => {
			const team = await owner.client.from('teams').insert({ workspace_id: ws, name: 'Support hotline' }).select('id').single();
			const action = (fields: object) => ({ workspace_id: ws, journey_id: live.journeyId, title: 'Fix it', ...fields });
			await owner.client
				.from('actions')
				.insert([
					// An open action on Hotline takes it off "without actions"; a done one on Checkout does not.
					action({ touchpoint_id: tp('Hotline'), title: 'Call-back', status: 'planned', due_on: date(3), owner_id: viewer.id, team_id: team.data!.id }),
					action({ touchpoint_id: tp('Checkout'), title: 'Shipped fix', status: 'done', shipped_on: date(10), due_on: date(20) }),
					action({ touchpoint_id: tp('Letters'), title: 'Dropped idea', status: 'dropped', due_on: date(30) }),
					action({ title: 'Later', status: 'proposed', due_on: date(-5) }),
					action({ title: 'Long overdue', status: 'in_progress', due_on: date(40) })
				])
				.throwOnError();

			const digest = await loadDigest(viewer.client, ws);
			expect(digest.journeyCount).toBe(2);
			expect(digest.staleJourneys.map((j) => [j.name, j.reason])).toEqual([
				['Old map', 'Map not edited for 10 weeks'],
				['Import journey', '2 of 4 touchpoints without data for 6 weeks (1 never had any)']
			]);
			expect(digest.hotspotCount).toBe(2);
			expect(digest.unactedHotspots.map((h) => h.touchpoint_name)).toEqual(['Checkout']);
			expect(digest.unactedHotspots[0]).toMatchObject({ journey_id: live.journeyId, is_hotspot: true, teamName: null });
			expect(digest.overdueActions.map((a) => [a.title, a.daysOverdue])).toEqual([
				['Long overdue', 40],
				['Call-back', 3]
			]);
			expect(digest.overdueActions[1]).toMatchObject({ touchpointName: 'Hotline', journeyName: 'Import journey', teamName: 'Support hotline', status: 'planned' });
			expect(digest.overdueActions[1]!.ownerName).toMatch(/viewer/);
			expect(digest.overdueActions[0]).toMatchObject({ touchpointId: null, ownerName: null, teamName: null });

			await expect(loadDigest(outsider.client, ws)).rejects.toBeInstanceOf(DataError);
		});

		test('owners change N (1-104); it moves which touchpoints are silent; others cannot', async () => {
			await expect(setStaleAfterWeeks(viewer.client, ws, 20)).rejects.toThrow(/owners only/);
			await expect(setStaleAfterWeeks(owner.client, ws, 0)).rejects.toBeInstanceOf(DataError);
			await expect(setStaleAfterWeeks(owner.client, ws, 105)).rejects.toBeInstanceOf(DataError);
			await setStaleAfterWeeks(owner.client, ws, 20);
			const f = (await loadJourneyFreshness(viewer.client, live.journeyId))!;
			expect(f.staleAfterWeeks).toBe(20);
			expect(f.silent.map((s) => s.name)).toEqual(['Kiosk']);
			const digest = await loadDigest(owner.client, ws);
			// Ten weeks is no longer stale at twenty.
			expect(digest.staleJourneys.map((j) => [j.name, j.reason])).toEqual([['Import journey', '1 of 4 touchpoints without data for 20 weeks (it never had any)']]);
			await setStaleAfterWeeks(owner.client, ws, 6);
		});

		test('on the demo: one silent touchpoint of 22, three hotspots without an open action, the IVR action overdue', async () => {
			const demoWs = (await seedDemo(stack)).workspaceId;
			const session = await new LocalAuth(service, stack.jwtSecret!).signIn(DEMO_EMAIL, DEMO_PASSWORD);
			const demo = userClient(stack, session.accessToken);
			await loadDigest(demo, demoWs);
			const times: number[] = [];
			let digest!: Awaited<ReturnType<typeof loadDigest>>;
			for (let i = 0; i < 5; i++) {
				const started = performance.now();
				digest = await loadDigest(demo, demoWs);
				times.push(performance.now() - started);
			}
			const started = performance.now();
			await demo.rpc('workspace_freshness', { p_workspace_id: demoWs });
			const freshnessMs = performance.now() - started;
			console.log(`[digest] ${engine.name}: loadDigest on the demo median ${Math.round(times.sort((a, b) => a - b)[2]!)} ms (of 5); workspace_freshness alone ${Math.round(freshnessMs)} ms`);
			expect(digest.staleJourneys.map((j) => [j.reason, j.data.silent.map((t) => t.name)])).toEqual([['1 of 22 touchpoints without data for 6 weeks', ['Reviews on social media']]]);
			expect(digest.unactedHotspots.length).toBe(digest.hotspotCount - 3);
			// The demo's Support hotline team owns the hotline and the fault e-mail touchpoints.
			expect(digest.unactedHotspots.find((h) => h.touchpoint_name === 'Support hotline')?.teamName).toBe('Support hotline');
			expect(digest.overdueActions.map((a) => [a.title, a.daysOverdue, a.teamName])).toEqual([['Cut the installation IVR menu to three choices', 3, 'Field operations']]);
		}, 120_000);
	});
}
