/**
 * Presentation mode against the real stack: loadPresentation as a member (slides from a journey
 * with stages, a linked persona, answers and comments, and from a bare one), speaker notes under
 * RLS (members read, editors write, the author is the caller, keys checked), and the live hub
 * relaying a presenter's move between two app instances through Redis.
 */
import type { SupabaseClient } from '@supabase/supabase-js';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildSlides } from '#lib/domain/presentation/slides.js';
import type { LiveState } from '#lib/domain/presentation/live.js';
import { DataError } from '#lib/server/data/errors.js';
import { deckKeys, listNotes, loadPresentation, saveNote } from '#lib/server/data/presentation.js';
import { LiveHub } from '#lib/server/live/hub.js';
import type { Stack } from '#lib/server/stack/index.js';
import { serviceClient } from '#lib/server/supabase.js';
import { engines } from '../support/stacks.js';
import { createUser, type TestUser } from '../support/users.js';

for (const engine of engines) {
	describe(`presentation on ${engine.name}`, () => {
		let stack: Stack;
		let service: SupabaseClient;
		let editor: TestUser;
		let viewer: TestUser;
		let outsider: TestUser;
		let ws: string;
		let journeyId: string;
		let bareJourneyId: string;
		let stageIds: string[];
		let personaId: string;
		let hotlineId: string;

		beforeAll(async () => {
			stack = await engine.start();
			service = serviceClient(stack);
			[editor, viewer, outsider] = await Promise.all([createUser(stack, 'editor'), createUser(stack, 'viewer'), createUser(stack, 'outsider')]);
			const created = await editor.client.rpc('create_workspace', { p_name: 'Workshop' });
			if (created.error) throw created.error;
			ws = created.data.id;
			await service.from('workspace_members').insert({ workspace_id: ws, user_id: viewer.id, role: 'viewer' }).throwOnError();
			await service.from('workspaces').update({ metric_min_n: 5 }).eq('id', ws).throwOnError();
			const journey = await service.from('journeys').insert({ workspace_id: ws, name: 'Support', description: 'Fault to fix' }).select('id').single().throwOnError();
			journeyId = journey.data!.id;
			const bare = await service.from('journeys').insert({ workspace_id: ws, name: 'Bare' }).select('id').single().throwOnError();
			bareJourneyId = bare.data!.id;
			const stages = await service
				.from('stages')
				.insert([
					{ journey_id: journeyId, workspace_id: ws, name: 'Notice', position: 0 },
					{ journey_id: journeyId, workspace_id: ws, name: 'Get help', position: 1 }
				])
				.select('id, name')
				.throwOnError();
			stageIds = ['Notice', 'Get help'].map((n) => stages.data!.find((s) => s.name === n)!.id);
			const tps = await service
				.from('touchpoints')
				.insert([
					{ journey_id: journeyId, workspace_id: ws, stage_id: stageIds[0], name: 'Status page', channel: 'web', position: 0 },
					{ journey_id: journeyId, workspace_id: ws, stage_id: stageIds[1], name: 'Hotline', channel: 'phone', position: 0 },
					{ journey_id: journeyId, workspace_id: ws, stage_id: stageIds[1], name: 'Chat', channel: 'chat', position: 1 }
				])
				.select('id, name')
				.throwOnError();
			hotlineId = tps.data!.find((t) => t.name === 'Hotline')!.id;
			const chatId = tps.data!.find((t) => t.name === 'Chat')!.id;
			const persona = await service
				.from('personas')
				.insert({ workspace_id: ws, name: 'Nadia', quote: 'Just fix it', role: 'Nurse', goals: ['Fast fix'], pains: ['Hold music'] })
				.select('id')
				.single()
				.throwOnError();
			personaId = persona.data!.id;
			await service.from('journey_personas').insert({ journey_id: journeyId, persona_id: personaId, workspace_id: ws }).throwOnError();
			// Hotline: 40 detractors (NPS −100, a hotspot); chat: 3 answers (below min n).
			const at = '2026-11-01T10:00:00Z';
			await service
				.from('survey_responses')
				.insert([
					...Array.from({ length: 40 }, () => ({ workspace_id: ws, touchpoint_id: hotlineId, metric: 'nps', score: 1, scale_max: 10, responded_at: at })),
					...Array.from({ length: 3 }, () => ({ workspace_id: ws, touchpoint_id: chatId, metric: 'nps', score: 10, scale_max: 10, responded_at: at }))
				])
				.throwOnError();
			await service
				.from('feedback')
				.insert([
					{ workspace_id: ws, touchpoint_id: hotlineId, journey_id: journeyId, source: 'call', body: 'Slightly slow', sentiment: 'negative', sentiment_score: -0.2 },
					{ workspace_id: ws, touchpoint_id: hotlineId, journey_id: journeyId, source: 'call', body: '<b>On hold for an hour</b>', sentiment: 'negative', sentiment_score: -0.9 },
					{ workspace_id: ws, touchpoint_id: hotlineId, journey_id: journeyId, source: 'call', body: 'Lovely agent', sentiment: 'positive', sentiment_score: 0.8 },
					{ workspace_id: ws, touchpoint_id: chatId, journey_id: journeyId, source: 'chat', body: 'The bot loops', sentiment: 'negative', sentiment_score: -0.95 }
				])
				.throwOnError();
		});
		afterAll(async () => {
			await stack?.stop();
		});

		test('a member reads the whole deck: personas, stages with metrics against target, the rule’s verbatim, the top hotspots', async () => {
			const data = await loadPresentation(viewer.client, journeyId);
			expect(data).not.toBeNull();
			const slides = buildSlides(data!);
			expect(slides.map((s) => s.key)).toEqual(['title', `persona:${personaId}`, `stage:${stageIds[0]}`, `stage:${stageIds[1]}`, 'closing']);
			const help = slides[3]!;
			if (help.kind !== 'stage') throw new Error('stage slide expected');
			const [hotline, chat] = help.touchpoints;
			expect(hotline!.metrics[0]).toEqual({ metric: 'nps', value: -100, n: 40, target: 30 });
			expect(hotline!.isHotspot).toBe(true);
			// Below the minimum n (5): the count stays, the value does not.
			expect(chat!.metrics[0]).toEqual({ metric: 'nps', value: null, n: 3, target: 30 });
			// The worst touchpoint (hotline) is quoted, with its most negative comment — as text, tags and all.
			expect(help.verbatim).toMatchObject({ body: '<b>On hold for an hour</b>', touchpointName: 'Hotline' });
			const closing = slides[4]!;
			expect(closing.kind === 'closing' && closing.hotspots.map((h) => h.touchpointName)).toEqual(['Hotline']);
			expect(data!.personas[0]).toMatchObject({ name: 'Nadia', goals: ['Fast fix'], pains: ['Hold music'] });
			const notice = slides[2]!;
			expect(notice.kind === 'stage' && notice.verbatim).toBeNull();
		});

		test('a bare journey (no stages, personas or evidence) still gives a title and an honest closing slide', async () => {
			const slides = buildSlides((await loadPresentation(editor.client, bareJourneyId))!);
			expect(slides.map((s) => [s.key, s.title])).toEqual([
				['title', 'Bare'],
				['closing', 'Summary']
			]);
			expect(await deckKeys(editor.client, bareJourneyId)).toEqual(['title', 'closing']);
		});

		test('outsiders and made-up ids get nothing', async () => {
			expect(await loadPresentation(outsider.client, journeyId)).toBeNull();
			expect(await loadPresentation(viewer.client, 'not-a-uuid')).toBeNull();
			expect(await listNotes(outsider.client, journeyId)).toEqual({});
		});

		test('speaker notes: editors write, members read, viewers and outsiders cannot write, the author is the caller', async () => {
			const journey = { id: journeyId, workspaceId: ws };
			await saveNote(editor.client, journey, 'title', 'Welcome everyone');
			await saveNote(editor.client, journey, `stage:${stageIds[1]}`, 'Hotline wait times');
			await saveNote(editor.client, journey, 'title', 'Welcome, everyone');
			expect(await listNotes(viewer.client, journeyId)).toEqual({ title: 'Welcome, everyone', [`stage:${stageIds[1]}`]: 'Hotline wait times' });
			await expect(saveNote(viewer.client, journey, 'closing', 'mine')).rejects.toBeInstanceOf(DataError);
			await expect(saveNote(outsider.client, journey, 'closing', 'mine')).rejects.toBeInstanceOf(DataError);
			// A client cannot claim someone else wrote it.
			await editor.client.from('presentation_notes').update({ updated_by: viewer.id }).eq('journey_id', journeyId).eq('slide_key', 'title').throwOnError();
			const row = await service.from('presentation_notes').select('updated_by').eq('journey_id', journeyId).eq('slide_key', 'title').single().throwOnError();
			expect(row.data!.updated_by).toBe(editor.id);
			// Keys are slide keys; a note of another workspace's journey is refused by the foreign key and RLS.
			const badKey = await editor.client.from('presentation_notes').insert({ journey_id: journeyId, workspace_id: ws, slide_key: 'javascript:alert(1)', body: 'x' });
			expect(badKey.error?.code).toBe('23514');
			const tooLong = await editor.client.from('presentation_notes').insert({ journey_id: journeyId, workspace_id: ws, slide_key: 'closing', body: 'x'.repeat(10_001) });
			expect(tooLong.error?.code).toBe('23514');
		});

		test('deleting the journey deletes its notes', async () => {
			const temp = await service.from('journeys').insert({ workspace_id: ws, name: 'Temp' }).select('id').single().throwOnError();
			await saveNote(editor.client, { id: temp.data!.id, workspaceId: ws }, 'title', 'gone soon');
			await service.from('journeys').delete().eq('id', temp.data!.id).throwOnError();
			const left = await service.from('presentation_notes').select('slide_key').eq('journey_id', temp.data!.id).throwOnError();
			expect(left.data).toEqual([]);
		});
	});
}

describe('live hub', () => {
	const state = (index: number, at: number): LiveState => ({ index, key: index === 0 ? 'title' : 'closing', blank: false, at, from: 'abcdefgh' });

	test('in memory: followers get every newer move, not an older one', async () => {
		const hub = new LiveHub();
		const seen: number[] = [];
		const stop = hub.subscribe('j1', (s) => seen.push(s.index));
		await hub.publish('j1', state(1, 2000));
		await hub.publish('j1', state(0, 1000));
		await hub.publish('j2', state(0, 3000));
		stop();
		await hub.publish('j1', state(0, 4000));
		expect(seen).toEqual([1]);
		expect((await hub.current('j1'))?.index).toBe(0);
		expect(hub.followers('j1')).toBe(0);
	});

	test('two app instances agree through Redis: a move on one reaches followers of the other, and a late follower starts on it', async () => {
		const url = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
		const prefix = `js-test-present-${process.pid}-${Date.now()}`;
		const a = new LiveHub({ redisUrl: url, prefix });
		const b = new LiveHub({ redisUrl: url, prefix });
		const late = new LiveHub({ redisUrl: url, prefix });
		try {
			await Promise.all([a.whenReady(), b.whenReady(), late.whenReady()]);
			const received = new Promise<LiveState>((resolve) => b.subscribe('j1', resolve));
			const sent = { ...state(1, Date.now()), blank: true };
			await a.publish('j1', sent);
			expect(await received).toEqual(sent);
			expect(await late.current('j1')).toEqual(sent);
			expect(await b.current('j2')).toBeNull();
		} finally {
			await Promise.all([a.close(), b.close(), late.close()]);
			const cleanup = new Redis(url);
			await cleanup.del(`${prefix}:present:j1`);
			cleanup.disconnect();
		}
	});
});
