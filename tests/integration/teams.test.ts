/**
 * Teams and touchpoint owners through the app's data modules as real members (issue 8 item 1):
 * the Teams list's counts (team_overview), names unique ignoring case, the canvas's ownership
 * module (src/lib/data/owners.ts) under RLS, the Hotspots view's team filter and grouping, a
 * team's page (touchpoints against target, open actions, a shipped action's measured impact)
 * and what deleting a team leaves behind.
 */
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadOwnership, NotSavedYet, ownerChoices, saveOwnership } from '#lib/data/owners.js';
import { DEFAULT_FILTERS, NO_TEAM } from '#lib/domain/friction/hotspots.js';
import { Random } from '#lib/domain/random.js';
import { DataError } from '#lib/server/data/errors.js';
import { loadHotspots } from '#lib/server/data/hotspots.js';
import { createTeam, deleteTeam, listTeams, loadTeamPage, updateTeam } from '#lib/server/data/teams.js';
import type { Stack } from '#lib/server/stack/index.js';
import { serviceClient } from '#lib/server/supabase.js';
import { createJourneyWithTouchpoints } from '../support/imports.js';
import { engines } from '../support/stacks.js';
import { createUser, type TestUser } from '../support/users.js';

const DAY = 86_400_000;

for (const engine of engines) {
	describe(`teams on ${engine.name}`, () => {
		let stack: Stack;
		let service: SupabaseClient;
		let editor: TestUser;
		let viewer: TestUser;
		let outsider: TestUser;
		let ws: string;
		let journeyId: string;
		let tp: Record<'hotline' | 'chat' | 'bill' | 'web', string>;
		let support: string;
		let billing: string;

		beforeAll(async () => {
			stack = await engine.start();
			service = serviceClient(stack);
			[editor, viewer, outsider] = await Promise.all([createUser(stack, 'editor'), createUser(stack, 'viewer'), createUser(stack, 'outsider')]);
			const created = await editor.client.rpc('create_workspace', { p_name: 'Teams' });
			if (created.error) throw created.error;
			ws = created.data.id;
			await service.from('workspace_members').insert({ workspace_id: ws, user_id: viewer.id, role: 'viewer' }).throwOnError();
			const made = await createJourneyWithTouchpoints(service, ws, ['Hotline', 'Chat', 'First bill', 'Web checkout']);
			journeyId = made.journeyId;
			const id = (name: string) => made.touchpoints.find((t) => t.name === name)!.id;
			tp = { hotline: id('Hotline'), chat: id('Chat'), bill: id('First bill'), web: id('Web checkout') };
			// CES at the hotline: 3.2 in the 4 weeks before a ship date 20 days ago, 5.0 after (n = 60 a side).
			const random = new Random(3);
			const ship = Date.now() - 20 * DAY;
			const answers = Array.from({ length: 120 }, (_, i) => {
				const after = i % 2 === 1;
				const at = after ? ship + (1 + (i % 18)) * DAY : ship - (1 + (i % 26)) * DAY;
				return {
					workspace_id: ws,
					touchpoint_id: tp.hotline,
					metric: 'ces',
					score: Math.min(7, Math.max(1, Math.round((after ? 5 : 3.2) + random.normal()))),
					scale_max: 7,
					responded_at: new Date(at + 3_600_000).toISOString()
				};
			});
			await service.from('survey_responses').insert(answers).throwOnError();
		}, 120_000);
		afterAll(() => stack?.stop());

		test('editors create and rename teams; names are unique ignoring case; viewers and outsiders cannot', async () => {
			support = await createTeam(editor.client, ws, 'Support hotline', 'Phone and chat');
			billing = await createTeam(editor.client, ws, 'Billing');
			await expect(createTeam(editor.client, ws, '  support HOTLINE ')).rejects.toThrow(/already a team called/);
			await expect(createTeam(viewer.client, ws, 'Viewers')).rejects.toThrow(DataError);
			await expect(createTeam(outsider.client, ws, 'Outsiders')).rejects.toThrow(/permission/);
			await updateTeam(editor.client, ws, billing, { name: 'Billing and renewals', description: 'Bills' });
			await expect(updateTeam(viewer.client, ws, billing, { name: 'Mine', description: '' })).rejects.toThrow(/permission/);
			await expect(updateTeam(editor.client, ws, billing, { name: 'support hotline', description: '' })).rejects.toThrow(/already a team called “support hotline”/);
			expect((await listTeams(viewer.client, ws)).map((t) => [t.name, t.description])).toEqual([
				['Billing and renewals', 'Bills'],
				['Support hotline', 'Phone and chat']
			]);
			expect(await listTeams(outsider.client, ws)).toEqual([]);
		});

		test('the canvas module sets a touchpoint’s team and responsible member; viewers read, cannot write', async () => {
			const choices = await ownerChoices(editor.client, ws, true);
			expect(choices.teams.map((t) => t.name)).toEqual(['Billing and renewals', 'Support hotline']);
			expect(choices.members.map((m) => m.id).sort()).toEqual([editor.id, viewer.id].sort());

			expect(await loadOwnership(editor.client, tp.hotline)).toEqual({ teamId: null, memberId: null });
			await saveOwnership(editor.client, ws, tp.hotline, { teamId: support, memberId: viewer.id });
			await saveOwnership(editor.client, ws, tp.chat, { teamId: support, memberId: null });
			await saveOwnership(editor.client, ws, tp.bill, { teamId: billing, memberId: editor.id });
			await saveOwnership(editor.client, ws, tp.bill, { teamId: billing, memberId: null });
			expect(await loadOwnership(viewer.client, tp.hotline)).toEqual({ teamId: support, memberId: viewer.id });
			expect(await loadOwnership(viewer.client, tp.bill)).toEqual({ teamId: billing, memberId: null });

			await expect(saveOwnership(viewer.client, ws, tp.hotline, { teamId: billing, memberId: null })).rejects.toThrow(/permission/);
			await expect(saveOwnership(viewer.client, ws, tp.web, { teamId: billing, memberId: null })).rejects.toThrow(/permission/);
			await expect(saveOwnership(editor.client, ws, tp.web, { teamId: null, memberId: outsider.id })).rejects.toThrow(/must be a member of the workspace/);
			// A touchpoint drawn on the canvas a moment ago is not in the tables until the map is stored.
			await expect(saveOwnership(editor.client, ws, crypto.randomUUID(), { teamId: support, memberId: null })).rejects.toThrow(NotSavedYet);
			// Choosing nothing removes the row.
			await saveOwnership(editor.client, ws, tp.web, { teamId: billing, memberId: null });
			await saveOwnership(editor.client, ws, tp.web, { teamId: null, memberId: null });
			const { data } = await service.from('touchpoint_owners').select('touchpoint_id').eq('touchpoint_id', tp.web);
			expect(data).toEqual([]);
		});

		test('Hotspots: a team column, the team filter (and “no team”), grouping by team; a team from elsewhere is refused', async () => {
			const all = await loadHotspots(editor.client, ws, DEFAULT_FILTERS);
			expect(all.teams.map((t) => t.name)).toEqual(['Billing and renewals', 'Support hotline']);
			const teamOf = Object.fromEntries(all.rows.map((r) => [r.touchpointName, r.team?.name ?? null]));
			expect(teamOf).toEqual({ Hotline: 'Support hotline', Chat: 'Support hotline', 'First bill': 'Billing and renewals', 'Web checkout': null });

			const mine = await loadHotspots(viewer.client, ws, { ...DEFAULT_FILTERS, teamId: support });
			expect(mine.rows.map((r) => r.touchpointName).sort()).toEqual(['Chat', 'Hotline']);
			expect(mine.rows.map((r) => r.rank)).toEqual([1, 2]);
			expect((await loadHotspots(editor.client, ws, { ...DEFAULT_FILTERS, teamId: NO_TEAM })).rows.map((r) => r.touchpointName)).toEqual(['Web checkout']);

			const grouped = await loadHotspots(editor.client, ws, { ...DEFAULT_FILTERS, groupByTeam: true, sort: 'name' });
			expect(grouped.rows.map((r) => `${r.team?.name ?? '—'}: ${r.touchpointName}`)).toEqual([
				'Billing and renewals: First bill',
				'Support hotline: Chat',
				'Support hotline: Hotline',
				'—: Web checkout'
			]);
			await expect(loadHotspots(editor.client, ws, { ...DEFAULT_FILTERS, teamId: crypto.randomUUID() })).rejects.toThrow(/not \(or no longer\) a team of this workspace/);
		});

		test('a team’s page: its touchpoints against target, open actions, and a shipped action’s measured impact', async () => {
			const shipOn = new Date(Date.now() - 20 * DAY).toISOString().slice(0, 10);
			await service
				.from('actions')
				.insert([
					{ workspace_id: ws, journey_id: journeyId, touchpoint_id: tp.hotline, team_id: support, title: 'Call-back instead of the queue', status: 'done', shipped_on: shipOn, expected_metric: 'ces' },
					{ workspace_id: ws, journey_id: journeyId, touchpoint_id: tp.chat, team_id: support, title: 'Chat opening hours', status: 'planned', due_on: '2026-01-05', owner_id: editor.id },
					{ workspace_id: ws, journey_id: journeyId, touchpoint_id: tp.chat, team_id: support, title: 'Canned answers', status: 'dropped' },
					{ workspace_id: ws, journey_id: journeyId, touchpoint_id: tp.bill, team_id: billing, title: 'Explain the first bill', status: 'in_progress' }
				])
				.throwOnError();

			const page = (await loadTeamPage(viewer.client, ws, support))!;
			expect(page.team).toMatchObject({ name: 'Support hotline', description: 'Phone and chat' });
			expect(page.touchpoints.map((t) => [t.name, t.memberName, t.openActions])).toEqual(
				expect.arrayContaining([
					['Hotline', 'viewer', 0],
					['Chat', null, 1]
				])
			);
			expect(page.touchpoints).toHaveLength(2);
			const hotline = page.touchpoints.find((t) => t.name === 'Hotline')!;
			// CES against the default target 5.5, with its n (the whole 120 answers, all time).
			expect(hotline.metrics).toMatchObject([{ metric: 'ces', label: expect.stringMatching(/^CES \d\.\d \(n=120\), misses target 5\.5$/) }]);
			expect(page.openActions.map((a) => [a.title, a.status, a.ownerName, a.touchpointName])).toEqual([['Chat opening hours', 'planned', 'editor', 'Chat']]);
			expect(page.shipped).toHaveLength(1);
			expect(page.shipped[0]).toMatchObject({ title: 'Call-back instead of the queue', shippedOn: shipOn, impact: { kind: 'improved', text: expect.stringMatching(/^CES rose by \d\.\d ± 0\.\d\.$/) } });

			// A period narrows the metrics and friction: none of the answers fell in January 2020.
			const before = (await loadTeamPage(viewer.client, ws, support, { from: '2020-01-01T00:00:00Z', to: '2020-02-01T00:00:00Z' }))!;
			expect(before.touchpoints.map((t) => [t.name, t.metrics.length, t.friction, t.explanation])).toEqual(
				expect.arrayContaining([['Hotline', 0, 0, 'No evidence yet']])
			);
			expect(before.shipped).toHaveLength(1);

			expect(await loadTeamPage(outsider.client, ws, support)).toBeNull();
			expect(await loadTeamPage(editor.client, ws, crypto.randomUUID())).toBeNull();

			// The list's counts: live touchpoints, open actions (the dropped one is not open), all actions.
			expect((await listTeams(editor.client, ws)).map((t) => [t.name, t.touchpoints, t.openActions, t.actions])).toEqual([
				['Billing and renewals', 1, 1, 1],
				['Support hotline', 2, 1, 3]
			]);
			// An archived touchpoint keeps its owner (undo brings it back owned) but is not counted or listed.
			await service.from('touchpoints').update({ archived_at: new Date().toISOString() }).eq('id', tp.chat).throwOnError();
			expect((await listTeams(editor.client, ws)).find((t) => t.id === support)!.touchpoints).toBe(1);
			expect((await loadTeamPage(editor.client, ws, support))!.touchpoints.map((t) => t.name)).toEqual(['Hotline']);
			await service.from('touchpoints').update({ archived_at: null }).eq('id', tp.chat).throwOnError();
		});

		test('deleting a team leaves its touchpoints and actions, without a team', async () => {
			await expect(deleteTeam(viewer.client, ws, support)).rejects.toThrow(/permission/);
			await deleteTeam(editor.client, ws, support);
			expect((await listTeams(editor.client, ws)).map((t) => t.name)).toEqual(['Billing and renewals']);
			const owners = await service.from('touchpoint_owners').select('touchpoint_id, team_id, member_id').in('touchpoint_id', [tp.hotline, tp.chat]).order('touchpoint_id');
			expect(owners.data!.every((o) => o.team_id === null)).toBe(true);
			expect(owners.data!.find((o) => o.touchpoint_id === tp.hotline)!.member_id).toBe(viewer.id);
			const actions = await service.from('actions').select('title, team_id').eq('workspace_id', ws).is('team_id', null);
			expect(actions.data!.map((a) => a.title).sort()).toEqual(['Call-back instead of the queue', 'Canned answers', 'Chat opening hours']);
			expect((await loadHotspots(editor.client, ws, { ...DEFAULT_FILTERS, teamId: NO_TEAM })).rows.map((r) => r.touchpointName).sort()).toEqual(['Chat', 'Hotline', 'Web checkout']);
		});
	});
}
