import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createShareLink, hashShareToken, listShareLinks, listWorkspaceShareLinks, revokeShareLink } from '#lib/data/shares.js';
import { buildSlides } from '#lib/domain/presentation/slides.js';
import { GONE_MESSAGE, shareFollower, sharedPhotoKey, shareTarget, viewShared } from '#lib/server/data/shares.js';
import type { Stack } from '#lib/server/stack/index.js';
import { serviceClient, userClient } from '#lib/server/supabase.js';
import { engines } from '../support/stacks.js';
import { createUser, type TestUser } from '../support/users.js';

/**
 * Share links: editors create and revoke, members list; a share viewer (anon + the token) reads
 * exactly the shared journey's presentation or persona's card through four functions, and
 * nothing else: not the tables, not other journeys, personas or workspaces, not the member RPCs.
 */
for (const engine of engines) {
	describe(`share links (${engine.name})`, () => {
		let stack: Stack;
		let service: SupabaseClient;
		let anon: SupabaseClient;
		let editor: TestUser;
		let viewer: TestUser;
		let outsider: TestUser;
		let workspaceId: string;
		let otherWorkspaceId: string;
		let journeyId: string;
		let otherJourneyId: string;
		let foreignJourneyId: string;
		let personaId: string;
		let otherPersonaId: string;
		let stageId: string;
		let checkoutId: string;
		let journeyToken: string;
		let personaToken: string;
		let ip = 0;
		const nextIp = () => `10.0.0.${++ip}`;

		const insert = async (table: string, rows: object | object[], columns = 'id') => {
			const { data, error } = await service.from(table).insert(rows).select(columns);
			if (error) throw new Error(`${table}: ${error.message}`);
			// Typed as at least three rows so fixtures can destructure what they inserted.
			return data as unknown as [{ id: string }, { id: string }, { id: string }];
		};

		beforeAll(async () => {
			stack = await engine.start();
			service = serviceClient(stack);
			anon = userClient(stack);
			[editor, viewer, outsider] = await Promise.all([createUser(stack, 'facilitator'), createUser(stack, 'watcher'), createUser(stack, 'outsider')]);
			workspaceId = (await editor.client.rpc('create_workspace', { p_name: 'Shared' })).data.id;
			otherWorkspaceId = (await outsider.client.rpc('create_workspace', { p_name: 'Elsewhere' })).data.id;
			await service.from('workspace_members').insert({ workspace_id: workspaceId, user_id: viewer.id, role: 'viewer' });

			[{ id: journeyId }, { id: otherJourneyId }] = await insert('journeys', [
				{ workspace_id: workspaceId, name: 'Broadband onboarding', description: 'From order to first bill' },
				{ workspace_id: workspaceId, name: 'Secret roadmap journey', description: '' }
			]);
			[{ id: foreignJourneyId }] = await insert('journeys', { workspace_id: otherWorkspaceId, name: 'Foreign journey' });
			[{ id: stageId }] = await insert('stages', { journey_id: journeyId, workspace_id: workspaceId, name: 'Buy', position: 0 });
			const tps = await insert('touchpoints', [
				{ journey_id: journeyId, workspace_id: workspaceId, stage_id: stageId, name: 'Checkout', channel: 'web', position: 0 },
				{ journey_id: journeyId, workspace_id: workspaceId, stage_id: null, name: 'Welcome call', channel: 'phone', position: 1 },
				{ journey_id: otherJourneyId, workspace_id: workspaceId, stage_id: null, name: 'Hidden touchpoint', channel: 'web', position: 0 }
			], 'id, name');
			checkoutId = tps[0]!.id;
			const hiddenTouchpointId = tps[2]!.id;
			[{ id: personaId }, { id: otherPersonaId }] = await insert('personas', [
				{ workspace_id: workspaceId, name: 'Nadia', quote: 'Just make it work', role: 'Nurse', goals: ['Fast setup'], pains: ['Hold music'] },
				{ workspace_id: workspaceId, name: 'Unlinked Otto', quote: 'Private', role: '', goals: [], pains: [] }
			]);
			await service.from('journey_personas').insert({ journey_id: journeyId, persona_id: personaId, workspace_id: workspaceId });
			const answers = Array.from({ length: 40 }, (_, i) => ({
				workspace_id: workspaceId,
				touchpoint_id: checkoutId,
				metric: 'nps',
				score: i % 4 === 0 ? 10 : 2,
				scale_max: 10,
				responded_at: new Date(Date.now() - (i + 1) * 3_600_000).toISOString()
			}));
			const { error } = await service.from('survey_responses').insert(answers);
			if (error) throw error;
			await insert('feedback', [
				{ workspace_id: workspaceId, touchpoint_id: checkoutId, journey_id: journeyId, source: 'email', body: 'The card form rejected my postcode', sentiment: 'negative', sentiment_score: -0.8 },
				{ workspace_id: workspaceId, touchpoint_id: checkoutId, journey_id: journeyId, source: 'email', body: 'Mildly annoying', sentiment: 'negative', sentiment_score: -0.2 },
				{ workspace_id: workspaceId, touchpoint_id: hiddenTouchpointId, journey_id: otherJourneyId, source: 'email', body: 'Top secret complaint', sentiment: 'negative', sentiment_score: -0.9 }
			]);

			journeyToken = (await createShareLink(editor.client, { workspaceId, target: { journeyId }, label: 'Workshop room', expiry: { kind: 'days', days: 7 } })).token;
			personaToken = (await createShareLink(editor.client, { workspaceId, target: { personaId }, expiry: { kind: 'never' } })).token;
		});
		afterAll(async () => {
			await stack?.stop();
		});

		test('editors create links (only the hash is stored); members list them; viewers and outsiders cannot create or revoke', async () => {
			const { data: stored } = await service.from('share_links').select('token_hash, label, expires_at, created_by').eq('journey_id', journeyId);
			expect(stored).toHaveLength(1);
			expect(stored![0]!.token_hash).toBe(await hashShareToken(journeyToken));
			expect(stored![0]!.token_hash).not.toContain(journeyToken);
			expect(stored![0]).toMatchObject({ label: 'Workshop room', created_by: editor.id });
			expect(Date.parse(stored![0]!.expires_at) - Date.now()).toBeGreaterThan(6.9 * 86_400_000);

			const listed = await listShareLinks(viewer.client, { journeyId });
			expect(listed.map((l) => l.label)).toEqual(['Workshop room']);
			const all = await listWorkspaceShareLinks(viewer.client, workspaceId);
			expect(all.map((l) => [l.kind, l.targetName]).sort()).toEqual([['journey', 'Broadband onboarding'], ['persona', 'Nadia']]);
			expect(await listWorkspaceShareLinks(outsider.client, workspaceId)).toEqual([]);
			expect(await listShareLinks(outsider.client, { journeyId })).toEqual([]);

			await expect(createShareLink(viewer.client, { workspaceId, target: { journeyId }, expiry: { kind: 'never' } })).rejects.toThrow(/owners and editors/);
			await expect(createShareLink(outsider.client, { workspaceId, target: { journeyId }, expiry: { kind: 'never' } })).rejects.toThrow(/owners and editors/);
			// A link in someone else's name, or born revoked, is refused.
			const forged = await editor.client.from('share_links').insert({ workspace_id: workspaceId, journey_id: journeyId, token_hash: 'a'.repeat(64), created_by: viewer.id });
			expect(forged.error?.code).toBe('42501');
			const both = await editor.client.from('share_links').insert({ workspace_id: workspaceId, journey_id: journeyId, persona_id: personaId, token_hash: 'b'.repeat(64), created_by: editor.id });
			expect(both.error).not.toBeNull();
			await expect(revokeShareLink(viewer.client, listed[0]!.id)).rejects.toThrow();
			await expect(revokeShareLink(outsider.client, listed[0]!.id)).rejects.toThrow();
			expect((await editor.client.from('share_links').delete().eq('id', listed[0]!.id)).error?.code).toBe('42501');
			expect((await listShareLinks(editor.client, { journeyId }))[0]!.revokedAt).toBeNull();
		});

		test('a journey link opens exactly that journey: stages, touchpoints, metrics, one verbatim per stage, its personas', async () => {
			expect(await shareTarget(anon, journeyToken)).toEqual({ kind: 'journey', target_id: journeyId, workspace_id: workspaceId, title: 'Broadband onboarding' });
			const result = await viewShared(stack, journeyToken, nextIp());
			expect(result.ok).toBe(true);
			if (!result.ok || result.view.kind !== 'journey') throw new Error('expected a journey');
			const data = result.view.presentation;
			expect(data.journey).toMatchObject({ id: journeyId, name: 'Broadband onboarding', description: 'From order to first bill' });
			expect(data.stages.map((s) => s.name)).toEqual(['Buy']);
			expect(data.stages[0]!.touchpoints.map((t) => t.name)).toEqual(['Checkout']);
			expect(data.unstaged.map((t) => t.name)).toEqual(['Welcome call']);
			const nps = data.stages[0]!.touchpoints[0]!.metrics.find((m) => m.metric === 'nps')!;
			expect(nps).toEqual({ metric: 'nps', value: -50, n: 40, target: 30 });
			// The friction model ran for the shared journey (through the private wrapper).
			expect(data.stages[0]!.touchpoints[0]!.friction).toBeGreaterThan(0);
			expect(data.stages[0]!.touchpoints[0]!.explanation).toMatch(/NPS/);
			expect(data.stages[0]!.verbatim?.body).toBe('The card form rejected my postcode');
			expect(data.personas.map((p) => p.name)).toEqual(['Nadia']);
			const text = JSON.stringify(data);
			for (const hidden of ['Secret roadmap', 'Hidden touchpoint', 'Top secret', 'Unlinked Otto', 'Mildly annoying', 'Foreign']) expect(text).not.toContain(hidden);
			const slides = buildSlides(data);
			expect(slides.map((s) => s.key)).toEqual(['title', `persona:${personaId}`, `stage:${stageId}`, 'stage:none', 'closing']);
			// A journey token is not a persona token.
			expect((await anon.rpc('shared_persona', { p_token: journeyToken })).data).toBeNull();
		});

		test('a persona link opens that persona card and nothing of its journeys', async () => {
			const result = await viewShared(stack, personaToken, nextIp());
			if (!result.ok || result.view.kind !== 'persona') throw new Error('expected a persona');
			expect(result.view.persona).toMatchObject({ id: personaId, name: 'Nadia', quote: 'Just make it work', role: 'Nurse', goals: ['Fast setup'], pains: ['Hold music'] });
			expect((await anon.rpc('shared_presentation', { p_token: personaToken })).data).toBeNull();
			const { data: card } = await anon.rpc('shared_persona', { p_token: personaToken });
			expect(Object.keys(card as object)).not.toContain('workspace_id');
		});

		test('anon with or without a token reads no table and no member RPC', async () => {
			// The token is no bearer credential either: only the four share functions accept it.
			const tokenAsJwt = userClient(stack, journeyToken);
			for (const client of [anon, tokenAsJwt]) {
				for (const table of ['journeys', 'stages', 'touchpoints', 'personas', 'journey_personas', 'feedback', 'survey_responses', 'workspaces', 'share_links', 'journey_documents', 'metric_targets']) {
					const { data, error } = await client.from(table).select('*').limit(5);
					expect(error !== null || (data as unknown[]).length === 0, `${table} readable by anon`).toBe(true);
				}
			}
			const rpcs: [string, object][] = [
				['touchpoint_metrics', { p_journey_id: journeyId }],
				['journey_targets', { p_journey_id: journeyId }],
				['friction_hotspots', { p_workspace_id: workspaceId, p_journey_id: journeyId }],
				['touchpoint_trend', { p_touchpoint_id: checkoutId, p_metric: 'nps' }],
				['touchpoint_freshness', { p_journey_id: journeyId }],
				['workspace_freshness', { p_workspace_id: workspaceId }],
				['team_overview', { p_workspace_id: workspaceId }]
			];
			for (const [fn, args] of rpcs) {
				const { data, error } = await anon.rpc(fn, args);
				expect(error !== null || (Array.isArray(data) && data.length === 0), `${fn} answered anon`).toBe(true);
			}
			// The private helpers are out of reach of every API role.
			expect((await anon.schema('private' as 'public').rpc('live_share_link', { p_token: journeyToken })).error).not.toBeNull();
		});

		test('anon cannot write anything, token or not', async () => {
			const attempts = [
				anon.from('journeys').insert({ workspace_id: workspaceId, name: 'Defaced' }),
				anon.from('journeys').update({ name: 'Defaced' }).eq('id', journeyId).select('id'),
				anon.from('personas').update({ name: 'Defaced' }).eq('id', personaId).select('id'),
				anon.from('share_links').update({ revoked_at: new Date().toISOString() }).eq('journey_id', journeyId).select('id'),
				anon.from('share_links').insert({ workspace_id: workspaceId, journey_id: otherJourneyId, token_hash: 'c'.repeat(64) }),
				anon.from('feedback').insert({ workspace_id: workspaceId, touchpoint_id: checkoutId, source: 'email', body: 'spam' })
			];
			for (const attempt of attempts) {
				const { data, error } = await attempt;
				expect(error !== null || (Array.isArray(data) && data.length === 0)).toBe(true);
			}
			const { data: journey } = await service.from('journeys').select('name').eq('id', journeyId).single();
			expect(journey!.name).toBe('Broadband onboarding');
			expect(await listShareLinks(editor.client, { journeyId: otherJourneyId })).toEqual([]);
		});

		test('bad, expired and revoked tokens all get the same nothing', async () => {
			const expired = await createShareLink(editor.client, { workspaceId, target: { journeyId: otherJourneyId }, expiry: { kind: 'days', days: 1 } });
			// Age it past its expiry (created_at too, so the row stays consistent).
			await service.from('share_links').update({ created_at: new Date(Date.now() - 3 * 86_400_000).toISOString(), expires_at: new Date(Date.now() - 60_000).toISOString() }).eq('id', expired.id);
			const revoked = await createShareLink(editor.client, { workspaceId, target: { journeyId }, expiry: { kind: 'never' } });
			await revokeShareLink(editor.client, revoked.id);
			await expect(revokeShareLink(editor.client, revoked.id)).rejects.toThrow(/already revoked/);
			expect((await listShareLinks(editor.client, { journeyId })).find((l) => l.id === revoked.id)!.revokedAt).not.toBeNull();

			const never = 'A'.repeat(43);
			for (const token of [never, expired.token, revoked.token, '', 'x'.repeat(5000), journeyToken.slice(0, -1)]) {
				const answers = await Promise.all([
					anon.rpc('share_link_target', { p_token: token }),
					anon.rpc('shared_presentation', { p_token: token }),
					anon.rpc('shared_persona', { p_token: token })
				]);
				expect(answers.map((a) => [a.error, a.data])).toEqual([[null, []], [null, null], [null, null]]);
				expect(await viewShared(stack, token, nextIp())).toEqual({ ok: false, status: 410, message: GONE_MESSAGE });
			}
			// Un-revoking is not possible.
			const undo = await editor.client.from('share_links').update({ revoked_at: null }).eq('id', revoked.id).select('id');
			expect(undo.error !== null || undo.data!.length === 0).toBe(true);
		});

		test('archiving the target kills its links; other workspaces are never reachable', async () => {
			const otto = await createShareLink(editor.client, { workspaceId, target: { personaId: otherPersonaId }, expiry: { kind: 'never' } });
			expect((await anon.rpc('shared_persona', { p_token: otto.token })).data).toMatchObject({ name: 'Unlinked Otto' });
			await service.from('personas').update({ archived_at: new Date().toISOString() }).eq('id', otherPersonaId);
			expect((await anon.rpc('shared_persona', { p_token: otto.token })).data).toBeNull();
			// An editor of one workspace cannot share another workspace's journey.
			const cross = await editor.client.from('share_links').insert({ workspace_id: workspaceId, journey_id: foreignJourneyId, token_hash: 'd'.repeat(64), created_by: editor.id });
			expect(cross.error).not.toBeNull();
			const intoForeign = await editor.client.from('share_links').insert({ workspace_id: otherWorkspaceId, journey_id: foreignJourneyId, token_hash: 'e'.repeat(64), created_by: editor.id });
			expect(intoForeign.error?.code).toBe('42501');
		});

		test('photos: only of personas the link shows; following: only the shared journey, never driving', async () => {
			const key = `${workspaceId}/${personaId}-v1.webp`;
			await service.from('personas').update({ photo_key: key }).eq('id', personaId);
			await service.from('personas').update({ photo_key: `${workspaceId}/${otherPersonaId}-v1.webp` }).eq('id', otherPersonaId);
			expect(await sharedPhotoKey(anon, personaToken, personaId)).toBe(key);
			expect(await sharedPhotoKey(anon, journeyToken, personaId)).toBe(key);
			expect(await sharedPhotoKey(anon, personaToken, otherPersonaId)).toBeNull();
			expect(await sharedPhotoKey(anon, journeyToken, otherPersonaId)).toBeNull();
			expect(await sharedPhotoKey(anon, 'C'.repeat(43), personaId)).toBeNull();
			const result = await viewShared(stack, personaToken, nextIp());
			if (!result.ok || result.view.kind !== 'persona') throw new Error('expected a persona');
			expect(result.view.persona.photoUrl).toBe(`/share/${personaToken}/photo/${personaId}?v=v1`);
			expect(JSON.stringify(result.view)).not.toContain(key);

			expect(await shareFollower(stack, journeyToken, journeyId)).toMatchObject({ journeyId, workspaceId, canDrive: false, userId: null });
			expect(await shareFollower(stack, journeyToken, otherJourneyId)).toBeNull();
			expect(await shareFollower(stack, personaToken, journeyId)).toBeNull();
			const soon = await createShareLink(editor.client, { workspaceId, target: { journeyId }, expiry: { kind: 'never' } });
			expect(await shareFollower(stack, soon.token, journeyId)).not.toBeNull();
			await revokeShareLink(editor.client, soon.id);
			expect(await shareFollower(stack, soon.token, journeyId)).toBeNull();
		});

		test('page views are rate limited per address', async () => {
			const address = nextIp();
			for (let i = 0; i < 60; i++) expect((await viewShared(stack, 'B'.repeat(43), address)).ok).toBe(false);
			expect(await viewShared(stack, journeyToken, address)).toMatchObject({ ok: false, status: 429 });
			expect((await viewShared(stack, journeyToken, nextIp())).ok).toBe(true);
		});
	});
}
