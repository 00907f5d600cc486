import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Stack } from '#lib/server/stack/index.js';
import { JourneyEditor } from '#lib/sync/editor.js';
import { readDocument } from '#lib/sync/ydoc.js';
import { connect, startCollab, waitFor } from '../support/collab.js';
import { startEmbeddedForTest } from '../support/stacks.js';
import { createUser, type TestUser } from '../support/users.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Two app instances (two collaboration servers) sharing one database and one Redis. */
describe('several instances through Redis', () => {
	let stack: Stack;
	let instanceA: Awaited<ReturnType<typeof startCollab>>;
	let instanceB: Awaited<ReturnType<typeof startCollab>>;
	let user: TestUser;
	let journeyId: string;
	let workspaceId: string;

	beforeAll(async () => {
		stack = await startEmbeddedForTest();
		const prefix = `js-test-${process.pid}-${Date.now()}`;
		instanceA = await startCollab(stack, { redisUrl: REDIS_URL, redisPrefix: prefix });
		instanceB = await startCollab(stack, { redisUrl: REDIS_URL, redisPrefix: prefix });
		user = await createUser(stack, 'multi');
		const { data: ws } = await user.client.rpc('create_workspace', { p_name: 'Multi' });
		workspaceId = ws.id;
		const { data } = await user.client.from('journeys').insert({ workspace_id: ws.id, name: 'Shared' }).select('id').single();
		journeyId = data!.id;
	});
	afterAll(async () => {
		await instanceA?.close();
		await instanceB?.close();
		await stack?.stop();
	});

	test('a client on instance A and a client on instance B see each other’s edits and presence', async () => {
		const onA = connect(instanceA.url, journeyId, user.accessToken);
		const onB = connect(instanceB.url, journeyId, user.accessToken);
		try {
			expect(await onA.outcome).toBe('synced');
			expect(await onB.outcome).toBe('synced');
			const stageId = new JourneyEditor(onA.doc).addStage('From A');
			await waitFor(() => readDocument(onB.doc).stages.some((s) => s.id === stageId), 5000, 'B sees A’s stage');
			new JourneyEditor(onB.doc).addTouchpoint({ stageId, name: 'From B' });
			await waitFor(() => readDocument(onA.doc).touchpoints.some((t) => t.name === 'From B'), 5000, 'A sees B’s touchpoint');

			onA.provider.awareness!.setLocalStateField('user', { id: user.id, name: 'On A', color: '#0072B2' });
			await waitFor(
				() => [...onB.provider.awareness!.getStates().values()].some((s) => (s as { user?: { name: string } }).user?.name === 'On A'),
				5000,
				'B sees A’s presence'
			);
			expect(readDocument(onA.doc)).toEqual(readDocument(onB.doc));
		} finally {
			onA.provider.destroy();
			onB.provider.destroy();
		}
	});

	test('a notice sent by an instance that does not have the journey open reaches clients on another instance', async () => {
		const { data } = await user.client.from('journeys').insert({ workspace_id: workspaceId, name: 'Only on B' }).select('id').single();
		const onB = connect(instanceB.url, data!.id, user.accessToken);
		try {
			expect(await onB.outcome).toBe('synced');
			const received: string[] = [];
			onB.provider.on('stateless', ({ payload }: { payload: string }) => received.push(payload));
			// A survey answer taken by instance A, where nobody has this journey open.
			instanceA.collab.notify(data!.id, 'metrics');
			await waitFor(() => received.length > 0, 5000, 'notice through Redis');
			expect(received).toEqual([JSON.stringify({ changed: 'metrics' })]);
		} finally {
			onB.provider.destroy();
		}
	});
});
