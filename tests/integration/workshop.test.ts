/**
 * Workshop tools under RLS as real members (issue 7 item 4), through the app's data module
 * (src/lib/data/workshop.ts): votes hidden before the reveal and visible after, N per voter
 * enforced in SQL (also under concurrent inserts), viewers vote, outsiders cannot, only editors
 * and owners start, reveal and close rounds or run the timer.
 */
import type { SupabaseClient } from '@supabase/supabase-js';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { castVote, closeRound, controlTimer, loadWorkshop, revealRound, startRound, startTimer, withdrawVote } from '#lib/data/workshop.js';
import { rankResults, timerRemainingMs } from '#lib/domain/workshop.js';
import type { Stack } from '#lib/server/stack/index.js';
import { serviceClient } from '#lib/server/supabase.js';
import { connect, startCollab, waitFor } from '../support/collab.js';
import { createJourneyWithTouchpoints } from '../support/imports.js';
import { engines } from '../support/stacks.js';
import { createUser, type TestUser } from '../support/users.js';

const NOTE = '6f0c6a52-2f4e-4a55-9a51-0d6d3f1b7a01';

for (const engine of engines) {
	describe(`workshop on ${engine.name}`, () => {
		let stack: Stack;
		let service: SupabaseClient;
		let editor: TestUser;
		let viewer: TestUser;
		let outsider: TestUser;
		let journeyId: string;
		let chat: string;
		let hotline: string;
		let roundId: string;
		let ws: string;

		beforeAll(async () => {
			stack = await engine.start();
			service = serviceClient(stack);
			[editor, viewer, outsider] = await Promise.all([createUser(stack, 'facilitator'), createUser(stack, 'viewer'), createUser(stack, 'outsider')]);
			const created = await editor.client.rpc('create_workspace', { p_name: 'Workshop' });
			if (created.error) throw created.error;
			ws = created.data.id as string;
			await service.from('workspace_members').insert({ workspace_id: ws, user_id: viewer.id, role: 'viewer' }).throwOnError();
			const made = await createJourneyWithTouchpoints(service, ws, ['Support chat', 'Hotline']);
			journeyId = made.journeyId;
			chat = made.touchpoints.find((t) => t.name === 'Support chat')!.id;
			hotline = made.touchpoints.find((t) => t.name === 'Hotline')!.id;
		}, 120_000);
		afterAll(() => stack?.stop());

		test('a viewer\'s votes and timer notices reach the others as server-built notices; metrics from a client is not relayed', async () => {
			const server = await startCollab(stack);
			const [a, b] = [connect(server.url, journeyId, viewer.accessToken), connect(server.url, journeyId, editor.accessToken)];
			try {
				await Promise.all([a.outcome, b.outcome]);
				const received: string[] = [];
				b.provider.on('stateless', ({ payload }: { payload: string }) => received.push(payload));
				a.provider.sendStateless('metrics');
				a.provider.sendStateless('votes');
				a.provider.sendStateless('timer');
				await waitFor(() => received.length >= 2, 3000, 'notices');
				await new Promise((r) => setTimeout(r, 100));
				expect(received).toEqual([JSON.stringify({ changed: 'votes' }), JSON.stringify({ changed: 'timer' })]);
			} finally {
				for (const c of [a, b]) {
					c.provider.destroy();
					c.doc.destroy();
				}
				await server.close();
			}
		});

		test('only editors and owners start a round; one live round per journey', async () => {
			await expect(startRound(viewer.client, journeyId, 3, true)).rejects.toThrow(/Only editors and owners/);
			await expect(startRound(outsider.client, journeyId, 3, true)).rejects.toThrow(/No journey/);
			await expect(startRound(editor.client, journeyId, 0, true)).rejects.toThrow(/between 1 and 20/);
			roundId = await startRound(editor.client, journeyId, 3, true);
			await expect(startRound(editor.client, journeyId, 5, true)).rejects.toThrow(/already running/);
			const seen = await loadWorkshop(viewer.client, journeyId);
			expect(seen.round).toMatchObject({ id: roundId, votesPerPerson: 3, allowStacking: true, revealedAt: null, startedBy: editor.id });
			expect(await loadWorkshop(outsider.client, journeyId)).toMatchObject({ round: null, votes: [], voters: 0, timer: null });
		});

		test('viewers vote; before the reveal each reads only their own votes and how many voted', async () => {
			await castVote(editor.client, roundId, { id: chat, kind: 'touchpoint' }, editor.id);
			await castVote(viewer.client, roundId, { id: chat, kind: 'touchpoint' }, viewer.id);
			await castVote(viewer.client, roundId, { id: chat, kind: 'touchpoint' }, viewer.id);
			await castVote(viewer.client, roundId, { id: NOTE, kind: 'note' }, viewer.id);
			const mine = await loadWorkshop(viewer.client, journeyId);
			expect(mine.voters).toBe(2);
			expect(mine.votes.every((v) => v.voterId === viewer.id)).toBe(true);
			expect(mine.votes).toHaveLength(3);
			const theirs = await loadWorkshop(editor.client, journeyId);
			expect(theirs.votes).toEqual([{ nodeId: chat, nodeKind: 'touchpoint', voterId: editor.id }]);
			// Straight at the table too: RLS, not the RPC, hides them.
			const rows = await editor.client.from('votes').select('voter_id').eq('round_id', roundId).throwOnError();
			expect(rows.data).toEqual([{ voter_id: editor.id }]);
		});

		test('N is enforced in SQL; a voter cannot vote as someone else; outsiders cannot vote', async () => {
			await expect(castVote(viewer.client, roundId, { id: hotline, kind: 'touchpoint' }, viewer.id)).rejects.toThrow(/used all 3/);
			await expect(castVote(viewer.client, roundId, { id: hotline, kind: 'touchpoint' }, editor.id)).rejects.toThrow(/row-level security|permission/i);
			await expect(castVote(outsider.client, roundId, { id: hotline, kind: 'touchpoint' }, outsider.id)).rejects.toThrow(/cannot vote|row-level security|permission/i);
			// Taking one back frees a vote.
			await withdrawVote(viewer.client, roundId, NOTE, viewer.id);
			await castVote(viewer.client, roundId, { id: hotline, kind: 'touchpoint' }, viewer.id);
			// Nobody can delete someone else's vote (RLS: nothing matches).
			const removed = await viewer.client.from('votes').delete().eq('voter_id', editor.id).select('id').throwOnError();
			expect(removed.data).toEqual([]);
		});

		test('concurrent inserts by one voter stop at N', async () => {
			const attempts = await Promise.allSettled(Array.from({ length: 8 }, () => castVote(editor.client, roundId, { id: hotline, kind: 'touchpoint' }, editor.id)));
			expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(2); // 1 placed earlier + 2 = 3
			const { data } = await service.from('votes').select('id').eq('round_id', roundId).eq('voter_id', editor.id).throwOnError();
			expect(data).toHaveLength(3);
		});

		// Two sessions of one voter, the first holding its transaction open: the second insert waits
		// for it (the per-voter lock) and then sees its dot, so N = 1 lets only one through. PGlite
		// serves a single session, so the test is defined on the Postgres server only (not skipped).
		if (engine.name === 'postgres') test('two racing transactions of one voter cannot pass N', async () => {
			const url = (stack as Stack & { databaseUrl?: string }).databaseUrl!;
			const other = await createJourneyWithTouchpoints(service, ws, ['Race']);
			const round = await startRound(editor.client, other.journeyId, 1, true);
			const sessions = [new pg.Client({ connectionString: url }), new pg.Client({ connectionString: url })];
			await Promise.all(sessions.map((c) => c.connect()));
			try {
				const vote = async (c: pg.Client) => {
					await c.query('begin');
					await c.query(`select set_config('request.jwt.claims', $1, true), set_config('role', 'authenticated', true)`, [JSON.stringify({ sub: viewer.id, role: 'authenticated' })]);
					await c.query('insert into public.votes (round_id, node_id, node_kind, voter_id) values ($1, $2, $3, $4)', [round, other.touchpoints[0]!.id, 'touchpoint', viewer.id]);
				};
				await vote(sessions[0]!);
				const second = vote(sessions[1]!).then(
					() => 'placed',
					(error: Error) => error.message
				);
				const early = await Promise.race([second, new Promise((resolve) => setTimeout(() => resolve('waiting'), 300))]);
				expect(early).toBe('waiting');
				await sessions[0]!.query('commit');
				expect(await second).toMatch(/used all 1/);
				await sessions[1]!.query('rollback');
				const { data } = await service.from('votes').select('id').eq('round_id', round).throwOnError();
				expect(data).toHaveLength(1);
			} finally {
				await Promise.all(sessions.map((c) => c.end()));
				await closeRound(editor.client, round);
			}
		});

		test('only editors reveal; after the reveal everyone reads all votes and voting stops', async () => {
			await expect(revealRound(viewer.client, roundId)).rejects.toThrow(/Only editors and owners/);
			await revealRound(editor.client, roundId);
			const all = await loadWorkshop(viewer.client, journeyId);
			expect(all.votes).toHaveLength(6);
			const names = new Map([
				[chat, 'Support chat'],
				[hotline, 'Hotline']
			]);
			expect(rankResults(all.votes, names).map((r) => [r.name, r.votes, r.rank])).toEqual([
				['Hotline', 3, 1],
				['Support chat', 3, 1]
			]);
			await expect(castVote(viewer.client, roundId, { id: chat, kind: 'touchpoint' }, viewer.id)).rejects.toThrow(/not open|row-level security/);
			await expect(withdrawVote(viewer.client, roundId, chat, viewer.id)).rejects.toThrow(/Voting is over/);
			expect((await loadWorkshop(outsider.client, journeyId)).votes).toEqual([]);
			expect((await outsider.client.from('votes').select('id').throwOnError()).data).toEqual([]);
		});

		test('a round without stacking takes one dot per item; closing takes it off the canvas', async () => {
			await expect(closeRound(viewer.client, roundId)).rejects.toThrow(/Only editors and owners/);
			await closeRound(editor.client, roundId);
			expect((await loadWorkshop(viewer.client, journeyId)).round).toBeNull();
			const second = await startRound(editor.client, journeyId, 2, false);
			await castVote(viewer.client, second, { id: chat, kind: 'touchpoint' }, viewer.id);
			await expect(castVote(viewer.client, second, { id: chat, kind: 'touchpoint' }, viewer.id)).rejects.toThrow(/One vote per item/);
			await closeRound(editor.client, second);
		});

		test('the timer: only editors run it; members read it; pause keeps what was left', async () => {
			await expect(startTimer(viewer.client, journeyId, 300)).rejects.toThrow(/Only editors and owners/);
			await expect(startTimer(editor.client, journeyId, 6000)).rejects.toThrow(/99:59/);
			await startTimer(editor.client, journeyId, 300);
			const running = await loadWorkshop(viewer.client, journeyId);
			expect(running.timer).toMatchObject({ durationSeconds: 300, pausedRemainingMs: null });
			const left = timerRemainingMs(running.timer!, Date.now(), running.clockOffsetMs);
			expect(left).toBeGreaterThan(290_000);
			expect(left).toBeLessThanOrEqual(300_000);
			await expect(controlTimer(viewer.client, journeyId, 'pause')).rejects.toThrow(/Only editors and owners/);
			await controlTimer(editor.client, journeyId, 'pause');
			const paused = (await loadWorkshop(viewer.client, journeyId)).timer!;
			expect(paused.endsAt).toBeNull();
			expect(paused.pausedRemainingMs).toBeGreaterThan(290_000);
			await controlTimer(editor.client, journeyId, 'resume');
			const resumed = await loadWorkshop(editor.client, journeyId);
			expect(timerRemainingMs(resumed.timer!, Date.now(), resumed.clockOffsetMs)).toBeGreaterThan(289_000);
			expect(await loadWorkshop(outsider.client, journeyId)).toMatchObject({ timer: null });
			const direct = await viewer.client.from('workshop_timers').delete().eq('journey_id', journeyId).select('journey_id');
			expect(direct.data ?? []).toEqual([]);
			await controlTimer(editor.client, journeyId, 'stop');
			expect((await loadWorkshop(viewer.client, journeyId)).timer).toBeNull();
		});
	});
}
