import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { createIngestKey, ingestLimiter, listIngestKeys, revokeIngestKey, handleIngest, INGEST_MAX_ITEMS } from '#lib/server/data/ingest.js';
import { RateLimiter } from '#lib/server/http/rate-limit.js';
import type { Stack } from '#lib/server/stack/index.js';
import { serviceClient } from '#lib/server/supabase.js';
import { POST as postResponses } from '../../src/routes/api/ingest/responses/+server.js';
import { POST as postFeedback } from '../../src/routes/api/ingest/feedback/+server.js';
import { engines } from '../support/stacks.js';
import { createUser, type TestUser } from '../support/users.js';
import { createJourneyWithTouchpoints } from '../support/imports.js';

type Handler = (event: never) => Response | Promise<Response>;

/** Calls a route's POST the way SvelteKit does, with the stack in locals. */
function call(handler: Handler, stack: Stack, body: unknown, token?: string | null, headers: Record<string, string> = {}) {
	const request = new Request('http://localhost/api/ingest', {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
		body: typeof body === 'string' ? body : JSON.stringify(body)
	});
	const event = { request, locals: { runtime: { stack } } } as never;
	return Promise.resolve(handler(event));
}

for (const engine of engines) {
	describe(`ingest API on ${engine.name}`, () => {
		let stack: Stack;
		let service: SupabaseClient;
		let owner: TestUser;
		let viewer: TestUser;
		let workspaceId: string;
		let journeyId: string;
		let touchpoints: { id: string; name: string }[];
		let token: string;
		let otherTouchpoint: string;

		beforeAll(async () => {
			stack = await engine.start();
			service = serviceClient(stack);
			[owner, viewer] = await Promise.all([createUser(stack, 'keyholder'), createUser(stack, 'looker')]);
			const { data: ws } = await owner.client.rpc('create_workspace', { p_name: 'Ingest' });
			workspaceId = ws.id;
			await service.from('workspace_members').insert({ workspace_id: workspaceId, user_id: viewer.id, role: 'viewer' });
			({ journeyId, touchpoints } = await createJourneyWithTouchpoints(service, workspaceId, ['Checkout', 'Delivery']));
			token = (await createIngestKey(owner.client, workspaceId, 'CRM')).token;
			const { data: ws2 } = await owner.client.rpc('create_workspace', { p_name: 'Other' });
			otherTouchpoint = (await createJourneyWithTouchpoints(service, ws2.id, ['Secret'])).touchpoints[0]!.id;
		});
		afterAll(async () => {
			await stack?.stop();
		});
		beforeEach(() => ingestLimiter.reset());

		test('keys: shown once, stored hashed, managed by owners and editors only', async () => {
			expect(token).toMatch(/^jsi_[A-Za-z0-9_-]{43}$/);
			const keys = await listIngestKeys(owner.client, workspaceId);
			expect(keys.map((k) => [k.name, k.prefix])).toContainEqual(['CRM', token.slice(0, 12)]);
			const { data: stored } = await service.from('ingest_keys').select('key_hash').eq('workspace_id', workspaceId);
			expect(JSON.stringify(stored)).not.toContain(token);
			expect(await listIngestKeys(viewer.client, workspaceId)).toEqual([]);
			await expect(createIngestKey(viewer.client, workspaceId, 'nope')).rejects.toThrow(/permission/);
		});

		test('accepted and rejected counts; inserts land in the key workspace with source webhook', async () => {
			const res = await call(postResponses, stack, [
				{ touchpoint_id: touchpoints[0]!.id, metric: 'nps', score: 9, comment: 'quick', channel: 'web', responded_at: '2026-03-01T10:00:00Z' },
				{ touchpoint: 'delivery', journey_id: journeyId, metric: 'csat', score: 4, scale_max: 5 },
				{ touchpoint: 'Delivry', journey_id: journeyId, metric: 'ces', score: 5 },
				{ touchpoint_id: touchpoints[0]!.id, metric: 'nps', score: 11 },
				{ touchpoint_id: otherTouchpoint, metric: 'nps', score: 3 },
				'nonsense'
			], token);
			expect(res.status).toBe(200);
			const body = (await res.json()) as { accepted: number; rejected: { index: number; reason: string }[] };
			expect(body.accepted).toBe(2);
			expect(body.rejected).toEqual([
				{ index: 2, reason: `'Delivry' is not a touchpoint of journey ${journeyId} (did you mean 'Delivery'?)` },
				{ index: 3, reason: 'score: 11 is outside 0–10 for NPS' },
				{ index: 4, reason: `touchpoint_id ${otherTouchpoint} is not a touchpoint of this key's workspace` },
				{ index: 5, reason: 'not a JSON object' }
			]);
			const { data } = await service.from('survey_responses').select('workspace_id, source, metric, score').eq('workspace_id', workspaceId).order('metric');
			expect(data).toEqual([
				{ workspace_id: workspaceId, source: 'webhook', metric: 'csat', score: 4 },
				{ workspace_id: workspaceId, source: 'webhook', metric: 'nps', score: 9 }
			]);
			const { count } = await service.from('survey_responses').select('*', { count: 'exact', head: true }).eq('touchpoint_id', otherTouchpoint);
			expect(count).toBe(0);
			const [key] = await listIngestKeys(owner.client, workspaceId);
			expect(key!.lastUsedAt).not.toBeNull();
		});

		test('feedback', async () => {
			const res = await call(postFeedback, stack, [
				{ journey_id: journeyId, text: 'Where is my parcel?', source: 'email', rating: 1 },
				{ touchpoint_id: touchpoints[1]!.id, text: 'Great', source: 'twitter' },
				{ touchpoint_id: touchpoints[1]!.id, text: '', source: 'chat' }
			], token);
			expect(await res.json()).toEqual({ accepted: 2, rejected: [{ index: 2, reason: 'text is required' }] });
			const { data } = await service.from('feedback').select('body, source, sentiment, journey_id').eq('workspace_id', workspaceId).order('body');
			expect(data).toEqual([
				// No sentiment or rating given: computed from the text (tests/integration/feedback-analysis.test.ts).
				{ body: 'Great', source: 'social', sentiment: 'positive', journey_id: journeyId },
				{ body: 'Where is my parcel?', source: 'email', sentiment: 'negative', journey_id: journeyId }
			]);
		});

		test('401 without a key, with a wrong one and with a revoked one', async () => {
			expect((await call(postResponses, stack, [], null)).status).toBe(401);
			expect((await call(postResponses, stack, [], 'jsi_wrong')).status).toBe(401);
			const revoked = await createIngestKey(owner.client, workspaceId, 'old');
			expect((await call(postResponses, stack, [], revoked.token)).status).toBe(200);
			await expect(revokeIngestKey(viewer.client, revoked.id)).rejects.toThrow(/permission/);
			await revokeIngestKey(owner.client, revoked.id);
			const res = await call(postResponses, stack, [], revoked.token);
			expect(res.status).toBe(401);
			expect(res.headers.get('www-authenticate')).toBe('Bearer');
			const reinstate = await owner.client.from('ingest_keys').update({ revoked_at: null }).eq('id', revoked.id);
			expect(reinstate.error?.message).toMatch(/stays revoked/);
			const rehash = await owner.client.from('ingest_keys').update({ key_hash: 'a'.repeat(64) }).eq('id', revoked.id);
			expect(rehash.error).not.toBeNull();
		});

		test('400 for bad JSON or a non-array, 413 for too many items or too many bytes', async () => {
			const bad = await call(postResponses, stack, '[{"metric": "nps",', token);
			expect(bad.status).toBe(400);
			expect(((await bad.json()) as { message: string }).message).toMatch(/not valid JSON/);
			expect((await call(postResponses, stack, { metric: 'nps' }, token)).status).toBe(400);
			const many = Array.from({ length: INGEST_MAX_ITEMS + 1 }, () => ({}));
			expect((await call(postResponses, stack, many, token)).status).toBe(413);
			const huge = JSON.stringify([{ comment: 'x'.repeat(1024 * 1024) }]);
			expect((await call(postResponses, stack, huge, token)).status).toBe(413);
			// A body larger than it claims is cut off as it is read.
			expect((await call(postResponses, stack, huge, token, { 'content-length': '10' })).status).toBe(413);
		});

		test('429 with Retry-After once a key exceeds its rate', async () => {
			const statuses: number[] = [];
			for (let i = 0; i < 61; i++) statuses.push((await call(postResponses, stack, [], token)).status);
			expect(statuses.slice(0, 60).every((s) => s === 200)).toBe(true);
			const limited = await call(postResponses, stack, [], token);
			expect(limited.status).toBe(429);
			expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
			// Other keys are not affected.
			const other = await createIngestKey(owner.client, workspaceId, 'other');
			expect((await call(postResponses, stack, [], other.token)).status).toBe(200);
			// handleIngest takes its limiter as a parameter (tests, other endpoints).
			const tight = new RateLimiter({ capacity: 1, perMinute: 1 });
			const req = () => new Request('http://x/', { method: 'POST', headers: { authorization: `Bearer ${other.token}` }, body: '[]' });
			expect((await handleIngest(stack, 'responses', req(), tight)).status).toBe(200);
			expect((await handleIngest(stack, 'responses', req(), tight)).headers.get('retry-after')).toBe('60');
		});
	});
}
