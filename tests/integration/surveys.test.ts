import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { listSurveys, openSurvey, setSurveyOpen } from '#lib/data/surveys.js';
import { announceNewAnswer, scoreAnswerComment, submitSurveyAnswer, surveyByToken } from '#lib/server/data/surveys.js';
import type { Stack } from '#lib/server/stack/index.js';
import { serviceClient, userClient } from '#lib/server/supabase.js';
import { connect, startCollab, waitFor } from '../support/collab.js';
import { createJourneyWithTouchpoints } from '../support/imports.js';
import { engines } from '../support/stacks.js';
import { createUser, type TestUser } from '../support/users.js';

for (const engine of engines) {
	describe(`live surveys (${engine.name})`, () => {
		let stack: Stack;
		let service: SupabaseClient;
		let anon: SupabaseClient;
		let editor: TestUser;
		let viewer: TestUser;
		let workspaceId: string;
		let journeyId: string;
		let touchpointId: string;

		const nps = async () =>
			openSurvey(editor.client, { workspaceId, touchpointId, metric: 'nps', scaleMax: 10, question: 'How likely are you to recommend us?' });
		const npsCount = async () => {
			const { data, error } = await editor.client.rpc('touchpoint_metrics', { p_journey_id: journeyId });
			if (error) throw new Error(error.message);
			return (data as { touchpoint_id: string; nps_n: number }[]).find((r) => r.touchpoint_id === touchpointId)!.nps_n;
		};
		const rpc = (client: SupabaseClient, token: string, score: number | null, comment?: string) =>
			client.rpc('submit_survey_response', { p_token: token, p_score: score, ...(comment === undefined ? {} : { p_comment: comment }) });

		beforeAll(async () => {
			stack = await engine.start();
			service = serviceClient(stack);
			anon = userClient(stack);
			[editor, viewer] = await Promise.all([createUser(stack, 'cx'), createUser(stack, 'watcher')]);
			workspaceId = (await editor.client.rpc('create_workspace', { p_name: 'Surveys' })).data.id;
			await service.from('workspace_members').insert({ workspace_id: workspaceId, user_id: viewer.id, role: 'viewer' });
			const created = await createJourneyWithTouchpoints(service, workspaceId, ['Checkout', 'Delivery']);
			journeyId = created.journeyId;
			touchpointId = created.touchpoints.find((t) => t.name === 'Checkout')!.id;
		});
		afterAll(async () => {
			await stack?.stop();
		});

		test('editors open surveys; viewers list them but cannot open or close one', async () => {
			const survey = await nps();
			expect(survey).toMatchObject({ metric: 'nps', scaleMax: 10, isOpen: true, responses: 0 });
			expect(survey.token).toMatch(/^[0-9a-f]{32}$/);
			const seen = await listSurveys(viewer.client, touchpointId);
			expect(seen.map((s) => s.id)).toContain(survey.id);
			await expect(openSurvey(viewer.client, { workspaceId, touchpointId, metric: 'ces', scaleMax: 7, question: 'Easy?' })).rejects.toThrow(/owners and editors/);
			await expect(setSurveyOpen(viewer.client, survey.id, false)).rejects.toThrow(/owners and editors/);
			expect((await listSurveys(editor.client, touchpointId)).find((s) => s.id === survey.id)?.isOpen).toBe(true);
		});

		test('anon reads only what a respondent needs, and nothing for an unknown token', async () => {
			const survey = await nps();
			const { data, error } = await anon.rpc('survey_by_token', { p_token: survey.token });
			expect(error).toBeNull();
			expect(data).toEqual([{ question: 'How likely are you to recommend us?', metric: 'nps', scale_max: 10, is_open: true, touchpoint_name: 'Checkout' }]);
			expect(await surveyByToken(anon, 'f'.repeat(32))).toBeNull();
			expect(await surveyByToken(anon, 'x'.repeat(5000))).toBeNull();
		});

		test('anon answers an open survey; touchpoint_metrics and the response count include it', async () => {
			const survey = await nps();
			const before = await npsCount();
			expect(await submitSurveyAnswer(anon, survey.token, 9, '  Quick and friendly  ')).toEqual({ ok: true });
			expect((await rpc(anon, survey.token, 0)).error).toBeNull();
			expect(await npsCount()).toBe(before + 2);
			const { data: rows } = await service.from('survey_responses').select('score, comment, source, survey_id, metric, scale_max').eq('survey_id', survey.id).order('score');
			expect(rows).toEqual([
				{ score: 0, comment: null, source: 'survey', survey_id: survey.id, metric: 'nps', scale_max: 10 },
				{ score: 9, comment: 'Quick and friendly', source: 'survey', survey_id: survey.id, metric: 'nps', scale_max: 10 }
			]);
			expect((await listSurveys(editor.client, touchpointId)).find((s) => s.id === survey.id)?.responses).toBe(2);
		});

		test('a survey comment gets its sentiment after the answer is stored, as imported comments do', async () => {
			const survey = await nps();
			expect(await submitSurveyAnswer(anon, survey.token, 2, 'Terrible. I waited an hour and nobody helped, awful service.')).toEqual({ ok: true });
			expect(await submitSurveyAnswer(anon, survey.token, 10, 'Wonderful, friendly and fast!')).toEqual({ ok: true });
			await scoreAnswerComment(service, survey.token, 'Terrible. I waited an hour and nobody helped, awful service.');
			await scoreAnswerComment(service, survey.token, 'Wonderful, friendly and fast!');
			await scoreAnswerComment(service, survey.token, null); // no comment: nothing to do
			const { data } = await service.from('survey_responses').select('score, sentiment, sentiment_score').eq('survey_id', survey.id).order('score');
			expect(data!.map((r) => r.sentiment)).toEqual(['negative', 'positive']);
			expect(data![0]!.sentiment_score).toBeLessThan(0);
			expect(data![1]!.sentiment_score).toBeGreaterThan(0);
		});

		test('scores outside the scale, long comments and unknown tokens are refused with their codes', async () => {
			const survey = await nps();
			const csat = await openSurvey(editor.client, { workspaceId, touchpointId, metric: 'csat', scaleMax: 5, question: 'Satisfied?' });
			const before = await npsCount();
			for (const score of [-1, 11, null]) expect((await rpc(anon, survey.token, score)).error?.code, `score ${score}`).toBe('22023');
			expect((await rpc(anon, csat.token, 0)).error?.code).toBe('22023');
			expect((await rpc(anon, csat.token, 6)).error?.code).toBe('22023');
			const long = await rpc(anon, survey.token, 5, 'x'.repeat(2001));
			expect(long.error?.code).toBe('22023');
			expect(long.error?.message).toMatch(/2000 characters/);
			// 2,000 characters after trimming are fine.
			expect((await rpc(anon, survey.token, 5, `  ${'y'.repeat(2000)}  `)).error).toBeNull();
			const unknown = await rpc(anon, 'f'.repeat(32), 5);
			expect([unknown.error?.code, unknown.error?.message, unknown.status]).toEqual(['P0002', 'unknown survey', 404]);
			expect(long.status).toBe(400);
			expect(await submitSurveyAnswer(anon, 'f'.repeat(32), 5, null)).toMatchObject({ ok: false, reason: 'unknown' });
			expect(await submitSurveyAnswer(anon, survey.token, 12, null)).toMatchObject({ ok: false, reason: 'invalid', message: 'Score must be a whole number from 0 to 10.' });
			expect(await npsCount()).toBe(before + 1);
		});

		test('a closed survey accepts nothing (a distinct error) until it is reopened', async () => {
			const survey = await nps();
			await setSurveyOpen(editor.client, survey.id, false);
			const before = await npsCount();
			const closed = await rpc(anon, survey.token, 10);
			expect([closed.error?.code, closed.error?.message, closed.status]).toEqual(['PT409', 'this survey is closed', 409]);
			expect(await submitSurveyAnswer(anon, survey.token, 10, null)).toMatchObject({ ok: false, reason: 'closed' });
			expect((await surveyByToken(anon, survey.token))?.isOpen).toBe(false);
			expect(await npsCount()).toBe(before);
			await setSurveyOpen(editor.client, survey.id, true);
			expect(await submitSurveyAnswer(anon, survey.token, 10, null)).toEqual({ ok: true });
			// A survey on a removed (archived) touchpoint reads as closed too.
			await service.from('touchpoints').update({ archived_at: new Date().toISOString() }).eq('id', touchpointId);
			try {
				expect((await surveyByToken(anon, survey.token))?.isOpen).toBe(false);
				expect((await rpc(anon, survey.token, 10)).error?.code).toBe('PT409');
			} finally {
				await service.from('touchpoints').update({ archived_at: null }).eq('id', touchpointId);
			}
		});

		test('anon cannot read or write surveys and answers directly', async () => {
			const survey = await nps();
			expect(await submitSurveyAnswer(anon, survey.token, 7, 'secret comment')).toEqual({ ok: true });
			for (const table of ['surveys', 'survey_responses']) {
				const { data } = await anon.from(table).select('*');
				expect(data ?? [], table).toEqual([]);
			}
			const insert = await anon.from('survey_responses').insert({ workspace_id: workspaceId, touchpoint_id: touchpointId, metric: 'nps', score: 10, scale_max: 10 });
			expect(insert.error).not.toBeNull();
			const reopen = await anon.from('surveys').update({ is_open: true }).eq('id', survey.id).select('id');
			expect(reopen.data ?? []).toEqual([]);
			const survey2 = await anon.from('surveys').insert({ workspace_id: workspaceId, touchpoint_id: touchpointId, metric: 'nps', scale_max: 10, question: 'Spam?' });
			expect(survey2.error).not.toBeNull();
			// Nor may anon call the metrics RPCs.
			expect((await anon.rpc('touchpoint_metrics', { p_journey_id: journeyId })).error).not.toBeNull();
		});

		test('people on the journey receive {"changed":"metrics"} after an answer', async () => {
			const server = await startCollab(stack);
			const client = connect(server.url, journeyId, viewer.accessToken);
			try {
				expect(await client.outcome).toBe('readonly-synced');
				const received: string[] = [];
				client.provider.on('stateless', ({ payload }: { payload: string }) => received.push(payload));
				const survey = await nps();
				expect(await submitSurveyAnswer(anon, survey.token, 8, null)).toEqual({ ok: true });
				expect(await announceNewAnswer(service, server.collab, survey.token)).toBe(journeyId);
				await waitFor(() => received.length > 0, 3000, 'metrics notice');
				expect(received).toEqual([JSON.stringify({ changed: 'metrics' })]);
				// Clients cannot forge it: a client-sent 'metrics' is not relayed.
				const other = connect(server.url, journeyId, editor.accessToken);
				try {
					await other.outcome;
					other.provider.sendStateless('metrics');
					await new Promise((r) => setTimeout(r, 300));
					expect(received).toHaveLength(1);
				} finally {
					other.provider.destroy();
				}
			} finally {
				client.provider.destroy();
				await server.close();
			}
		});
	});
}
