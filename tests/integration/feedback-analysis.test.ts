import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { validateImport, type ImportMapping } from '#lib/domain/import/index.js';
import { createIngestKey, handleIngest, ingestLimiter } from '#lib/server/data/ingest.js';
import { loadImportTarget, writeImport } from '#lib/server/data/imports.js';
import { THEME_SAMPLE, touchpointThemes } from '#lib/server/data/feedback.js';
import type { Stack } from '#lib/server/stack/index.js';
import { serviceClient } from '#lib/server/supabase.js';
import { GET as getThemes } from '../../src/routes/api/touchpoints/[touchpoint]/themes/+server.js';
import { engines } from '../support/stacks.js';
import { createUser, type TestUser } from '../support/users.js';
import { createJourneyWithTouchpoints, startServerStackWithUrl } from '../support/imports.js';

/** Calls the themes GET the way SvelteKit does: the user's client in locals (or no user). */
async function themes(user: TestUser | null, touchpoint: string, query = '') {
	const url = new URL(`http://localhost/api/touchpoints/${touchpoint}/themes${query}`);
	const event = { url, params: { touchpoint }, locals: user ? { user: { id: user.id }, supabase: user.client } : { user: null } } as never;
	try {
		return await (getThemes as (e: never) => Promise<Response>)(event);
	} catch (thrown) {
		// SvelteKit's error() throws an HttpError; the framework turns it into a response.
		const e = thrown as { status?: number; body?: { message: string } };
		if (typeof e.status === 'number') return new Response(JSON.stringify(e.body), { status: e.status });
		throw thrown;
	}
}

const feedbackMapping: ImportMapping = { kind: 'feedback', source: 'review', columns: { text: 'text', touchpoint: 'touchpoint', rating: 'stars', sentiment: 'mood', date: 'date' } };
const FEEDBACK_CSV = [
	'text,touchpoint,stars,mood,date',
	'"They lost my luggage, terrible",Baggage,,,2026-03-01',
	'"Lost luggage again and nobody helped",Baggage,,,2026-03-02',
	'"Friendly crew, lovely flight",Boarding,,,2026-03-03',
	'"Lost luggage, but the staff were wonderful",Baggage,5,,2026-03-04',
	'"Lost luggage for the third time",Baggage,,positive,2026-03-05',
	'"Bag arrived on time",Baggage,,,2026-03-06'
].join('\n');

for (const engine of engines) {
	describe(`feedback analysis on ${engine.name}`, () => {
		let stack: Stack;
		let service: SupabaseClient;
		let owner: TestUser;
		let viewer: TestUser;
		let stranger: TestUser;
		let workspaceId: string;
		let journeyId: string;
		let baggage: string;
		let boarding: string;

		beforeAll(async () => {
			stack = await engine.start();
			service = serviceClient(stack);
			[owner, viewer, stranger] = await Promise.all([createUser(stack, 'analyst'), createUser(stack, 'reader'), createUser(stack, 'outsider')]);
			const { data: ws } = await owner.client.rpc('create_workspace', { p_name: 'Feedback' });
			workspaceId = ws.id;
			await service.from('workspace_members').insert({ workspace_id: workspaceId, user_id: viewer.id, role: 'viewer' });
			const made = await createJourneyWithTouchpoints(service, workspaceId, ['Baggage', 'Boarding']);
			journeyId = made.journeyId;
			[baggage, boarding] = made.touchpoints.map((t) => t.id) as [string, string];
		});
		afterAll(async () => {
			await stack?.stop();
		});

		test('file import: sentiment computed for feedback that brings none, kept when a rating or column gives it', async () => {
			const target = (await loadImportTarget(owner.client, journeyId))!;
			const { report, records } = validateImport(FEEDBACK_CSV, feedbackMapping, target);
			expect(report).toMatchObject({ accepted: 6, rejected: 0 });
			const summary = await writeImport(owner.client, target, 'reviews.csv', report, records);
			const { data } = await service.from('feedback').select('body, sentiment, sentiment_score').eq('import_batch_id', summary.id).order('created_at');
			const byBody = Object.fromEntries(data!.map((r) => [r.body.slice(0, 18), [r.sentiment, r.sentiment_score]]));
			expect(byBody['They lost my lugga']![0]).toBe('negative');
			expect(byBody['They lost my lugga']![1]).toBeLessThan(0);
			expect(byBody['Friendly crew, lov']![0]).toBe('positive');
			// A 5-star rating outranks the text's mix; a sentiment column is kept as given.
			expect(byBody['Lost luggage, but ']).toEqual(['positive', 1]);
			expect(byBody['Lost luggage for t']).toEqual(['positive', null]);
			expect(byBody['Bag arrived on tim']).toEqual(['neutral', 0]);
			for (const r of data!) expect(r.sentiment).not.toBeNull();
		});

		test('file import of survey answers: each comment gets its sentiment, answers without one stay null', async () => {
			const target = (await loadImportTarget(owner.client, journeyId))!;
			const csv = 'touchpoint,score,comment\nBoarding,9,"Quick and friendly, great"\nBoarding,2,"Rude agent, awful queue"\nBoarding,7,\n';
			const { report, records } = validateImport(csv, { kind: 'responses', format: 'long', metric: 'nps', columns: { touchpoint: 'touchpoint', score: 'score', comment: 'comment' } }, target);
			const summary = await writeImport(owner.client, target, 'nps.csv', report, records);
			const { data } = await service.from('survey_responses').select('score, sentiment, sentiment_score').eq('import_batch_id', summary.id).order('score');
			expect(data!.map((r) => [r.score, r.sentiment])).toEqual([[2, 'negative'], [7, null], [9, 'positive']]);
			expect(data![1]!.sentiment_score).toBeNull();
			// The database refuses a sentiment without a comment.
			const bad = await service.from('survey_responses').insert({ workspace_id: workspaceId, touchpoint_id: boarding, metric: 'nps', score: 5, scale_max: 10, sentiment: 'positive' });
			expect(bad.error?.code).toBe('23514');
		});

		test('ingest API: computed when absent, kept when given, also for response comments', async () => {
			ingestLimiter.reset();
			const token = (await createIngestKey(owner.client, workspaceId, 'CRM')).token;
			const post = (kind: 'responses' | 'feedback', body: unknown) =>
				handleIngest(stack, kind, new Request('http://localhost/api/ingest', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }));
			const fb = await post('feedback', [
				{ touchpoint_id: baggage, source: 'email', text: 'My suitcase is lost and support is useless', created_at: '2026-04-01T10:00:00Z' },
				{ touchpoint_id: baggage, source: 'email', text: 'Suitcase lost again', sentiment: 'neutral', created_at: '2026-04-02T10:00:00Z' },
				{ touchpoint_id: baggage, source: 'chat', text: 'Suitcase lost', rating: 1, created_at: '2026-04-03T10:00:00Z' }
			]);
			expect(await fb.json()).toEqual({ accepted: 3, rejected: [] });
			const { data: items } = await service.from('feedback').select('body, sentiment, sentiment_score').eq('touchpoint_id', baggage).gte('created_at', '2026-04-01').order('created_at');
			expect(items!.map((i) => i.sentiment)).toEqual(['negative', 'neutral', 'negative']);
			expect(items!.map((i) => i.sentiment_score)).toEqual([expect.any(Number), null, -1]);
			const rs = await post('responses', [
				{ touchpoint_id: boarding, metric: 'csat', score: 5, scale_max: 5, comment: 'Brilliant service 😍', responded_at: '2026-04-01T10:00:00Z' },
				{ touchpoint_id: boarding, metric: 'csat', score: 3, scale_max: 5, responded_at: '2026-04-01T10:00:00Z' }
			]);
			expect((await rs.json()).accepted).toBe(2);
			const { data: answers } = await service.from('survey_responses').select('score, sentiment').eq('touchpoint_id', boarding).eq('metric', 'csat').order('score');
			expect(answers).toEqual([{ score: 3, sentiment: null }, { score: 5, sentiment: 'positive' }]);
		});

		test('themes endpoint: 401 signed out, 400 bad params, 404 unreadable, themes for members under RLS', async () => {
			expect((await themes(null, baggage)).status).toBe(401);
			expect((await themes(owner, 'not-a-uuid')).status).toBe(400);
			const badLimit = await themes(owner, baggage, '?limit=0');
			expect(badLimit.status).toBe(400);
			expect(await badLimit.json()).toMatchObject({ message: 'limit is at least 1' });
			expect((await themes(owner, baggage, '?from=soon')).status).toBe(400);
			expect((await themes(owner, crypto.randomUUID())).status).toBe(404);
			expect((await themes(stranger, baggage)).status).toBe(404);

			const res = await themes(viewer, baggage);
			expect(res.status).toBe(200);
			const body = (await res.json()) as { themes: { phrase: string; count: number; negative: number; negativeShare: number; exampleIds: number[] }[]; items: number; truncated: boolean };
			expect(body.items).toBe(8);
			expect(body.truncated).toBe(false);
			const top = body.themes[0]!;
			expect(top.phrase).toBe('lost luggage');
			expect(top.count).toBe(4);
			expect(top.negative).toBe(2);
			expect(top.negativeShare).toBe(0.5);
			// Examples are the newest items that mention the theme, and they are readable feedback.
			const { data: examples } = await viewer.client.from('feedback').select('id, body').in('id', top.exampleIds);
			expect(examples!.map((e) => e.body).sort()).toEqual(['Lost luggage for the third time', 'Lost luggage, but the staff were wonderful']);
			expect(body.themes.find((t) => t.phrase === 'suitcase lost')).toMatchObject({ count: 3, negative: 2 });

			// Filters: the period and the source narrow the items; a channel filter leaves none (feedback has no channel).
			const april = (await (await themes(viewer, baggage, '?from=2026-04-01')).json()) as typeof body;
			expect(april.items).toBe(3);
			expect(april.themes.map((t) => t.phrase)).toEqual(['suitcase lost']);
			const chats = (await (await themes(viewer, baggage, '?source=chat&limit=1')).json()) as typeof body;
			expect(chats.items).toBe(1);
			expect(chats.themes).toEqual([]);
			const channel = (await (await themes(viewer, baggage, '?channel=web')).json()) as typeof body & { note: string };
			expect(channel).toMatchObject({ themes: [], items: 0, note: expect.stringContaining('no channel') });
		});

		test('themes read at most the latest THEME_SAMPLE items and score any stored without sentiment', async () => {
			const rows = Array.from({ length: THEME_SAMPLE + 5 }, (_, i) => ({
				workspace_id: workspaceId,
				touchpoint_id: boarding,
				source: 'survey',
				body: i < 5 ? 'old seat complaint' : i % 2 ? 'Broken seat, awful' : 'Broken seat again',
				created_at: new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString()
			}));
			const { error } = await service.from('feedback').insert(rows);
			expect(error).toBeNull();
			const result = (await touchpointThemes(viewer.client, boarding, { from: '2025-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z', personaId: null, channel: null, source: null, limit: 3 }))!;
			expect(result.items).toBe(THEME_SAMPLE);
			expect(result.truncated).toBe(true);
			expect(result.themes[0]).toMatchObject({ phrase: 'broken seat', count: THEME_SAMPLE });
			// Stored without sentiment: "Broken seat, awful" is scored on reading (half of them).
			expect(result.themes[0]!.negativeShare).toBeGreaterThanOrEqual(0.5);
			expect(result.themes.map((t) => t.phrase)).not.toContain('old seat complaint');
		});
	});
}

describe.skipIf(!process.env.TEST_DATABASE_URL)('the import CLI computes sentiment (COPY path)', () => {
	let stack: Stack;
	let url: string;
	let dir: string;
	beforeAll(async () => {
		({ stack, url } = await startServerStackWithUrl());
		dir = mkdtempSync(join(tmpdir(), 'js-cli-sent-'));
	});
	afterAll(async () => {
		await stack?.stop();
		rmSync(dir, { recursive: true, force: true });
	});

	test('feedback and survey comments loaded by npm run import carry sentiment', async () => {
		const service = serviceClient(stack);
		const owner = await createUser(stack, 'cli-sent');
		const { data: ws } = await owner.client.rpc('create_workspace', { p_name: 'CLI sentiment' });
		const { journeyId } = await createJourneyWithTouchpoints(service, ws.id, ['Baggage', 'Boarding']);
		const run = (file: string, mapping: ImportMapping, csv: string) => {
			writeFileSync(join(dir, 'm.json'), JSON.stringify(mapping));
			writeFileSync(join(dir, file), csv);
			const r = spawnSync(process.execPath, ['scripts/import.ts', '--journey', journeyId, '--file', join(dir, file), '--mapping', join(dir, 'm.json'), '--json'], {
				env: { ...process.env, DATABASE_URL: url },
				encoding: 'utf8'
			});
			expect(r.status, r.stderr).toBe(0);
			return (JSON.parse(r.stdout.trim().split('\n').pop()!) as { batchId: string }).batchId;
		};
		const fbBatch = run('fb.csv', feedbackMapping, FEEDBACK_CSV);
		const { data: fb } = await service.from('feedback').select('body, sentiment, sentiment_score').eq('import_batch_id', fbBatch);
		expect(fb).toHaveLength(6);
		expect(fb!.find((r) => r.body.startsWith('They lost'))!.sentiment).toBe('negative');
		expect(fb!.find((r) => r.body.startsWith('Lost luggage for'))).toMatchObject({ sentiment: 'positive', sentiment_score: null });
		const wide = 'Boarding,Baggage,comment\n9,8,"Smooth and friendly"\n3,,"Awful, rude staff"\n7,7,\n';
		const rsBatch = run('wide.csv', { kind: 'responses', format: 'wide', metric: 'nps', columns: { comment: 'comment' }, touchpointColumns: { Boarding: 'Boarding', Baggage: 'Baggage' } }, wide);
		const { data: rs } = await service.from('survey_responses').select('score, sentiment').eq('import_batch_id', rsBatch).order('score');
		expect(rs).toEqual([
			{ score: 3, sentiment: 'negative' },
			{ score: 7, sentiment: null },
			{ score: 7, sentiment: null },
			{ score: 8, sentiment: 'positive' },
			{ score: 9, sentiment: 'positive' }
		]);
	});
});
