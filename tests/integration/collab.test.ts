import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { Stack } from '#lib/server/stack/index.js';
import { serviceClient } from '#lib/server/supabase.js';
import { JourneyEditor } from '#lib/sync/editor.js';
import { readDocument } from '#lib/sync/ydoc.js';
import { connect, startCollab, waitFor, type Client } from '../support/collab.js';
import { startEmbeddedForTest } from '../support/stacks.js';
import { createUser, type TestUser } from '../support/users.js';

describe('collaboration server', () => {
	let stack: Stack;
	let server: Awaited<ReturnType<typeof startCollab>>;
	let service: SupabaseClient;
	let editor: TestUser;
	let viewer: TestUser;
	let outsider: TestUser;
	let journeyId: string;
	const clients: Client[] = [];

	const open = async (user: TestUser) => {
		const client = connect(server.url, journeyId, user.accessToken);
		clients.push(client);
		return client;
	};

	beforeAll(async () => {
		stack = await startEmbeddedForTest();
		server = await startCollab(stack);
		service = serviceClient(stack);
		[editor, viewer, outsider] = await Promise.all([createUser(stack, 'ed'), createUser(stack, 'vi'), createUser(stack, 'out')]);
		const { data: ws } = await editor.client.rpc('create_workspace', { p_name: 'Collab' });
		await service.from('workspace_members').insert({ workspace_id: ws.id, user_id: viewer.id, role: 'viewer' });
		const { data: journey } = await editor.client.from('journeys').insert({ workspace_id: ws.id, name: 'Support' }).select('id').single();
		journeyId = journey!.id;
	});
	afterEach(() => {
		for (const c of clients.splice(0)) {
			c.provider.destroy();
			c.doc.destroy();
		}
	});
	afterAll(async () => {
		await server?.close();
		await stack?.stop();
	});

	test('refuses a non-member and a bad token, and makes a viewer read-only', async () => {
		expect(await (await open(outsider)).outcome).toBe('not-a-member');
		expect(await connect(server.url, journeyId, 'forged.token.value').outcome).toBe('invalid-token');
		expect(await (await open(viewer)).outcome).toBe('readonly-synced');
		expect(await (await open(editor)).outcome).toBe('synced');
	});

	test('a touchpoint added on the canvas appears in the touchpoints table with the same id', async () => {
		const client = await open(editor);
		await client.outcome;
		const edit = new JourneyEditor(client.doc);
		const stageId = edit.addStage('Contact');
		const tpId = edit.addTouchpoint({ stageId, name: 'Hotline', channel: 'phone' });
		await waitFor(async () => {
			const { data } = await service.from('touchpoints').select('id, name, channel, stage_id, archived_at').eq('id', tpId).maybeSingle();
			return data?.name === 'Hotline' && data.stage_id === stageId;
		}, 15_000);
		const { data: stage } = await service.from('stages').select('name').eq('id', stageId).single();
		expect(stage?.name).toBe('Contact');
	});

	test('a viewer’s edits change nothing on the server or for others', async () => {
		const editorClient = await open(editor);
		const viewerClient = await open(viewer);
		await Promise.all([editorClient.outcome, viewerClient.outcome]);
		const before = readDocument(editorClient.doc);
		new JourneyEditor(viewerClient.doc).addStage('Sneaky stage');
		await new Promise((r) => setTimeout(r, 500));
		await server.collab.flush();
		expect(readDocument(editorClient.doc)).toEqual(before);
		const { data } = await service.from('stages').select('name').eq('journey_id', journeyId);
		expect(data?.map((s) => s.name)).not.toContain('Sneaky stage');
	});

	test('two editors converge, and removing a touchpoint archives its row (its evidence survives)', async () => {
		const a = await open(editor);
		const b = await open(editor);
		await Promise.all([a.outcome, b.outcome]);
		const ea = new JourneyEditor(a.doc);
		const eb = new JourneyEditor(b.doc);
		const stageId = ea.addStage('Help');
		const tp = ea.addTouchpoint({ stageId, name: 'Chat' });
		await waitFor(() => readDocument(b.doc).touchpoints.some((t) => t.id === tp), 5000, 'b sees the new touchpoint');
		eb.updateTouchpoint(tp, { name: 'Live chat' });
		ea.moveNodes([{ id: tp, x: 40, y: 400 }]);
		await waitFor(() => JSON.stringify(readDocument(a.doc)) === JSON.stringify(readDocument(b.doc)), 5000, 'a and b converge');
		expect(readDocument(a.doc).touchpoints.find((t) => t.id === tp)).toMatchObject({ name: 'Live chat', x: 40, y: 400 });

		await server.collab.flush();
		const { data: tpRow } = await service.from('touchpoints').select('workspace_id').eq('id', tp).single();
		await service.from('survey_responses').insert({ workspace_id: tpRow!.workspace_id, touchpoint_id: tp, metric: 'ces', score: 2, scale_max: 7 });
		ea.remove([tp]);
		await server.collab.flush();
		await waitFor(async () => (await service.from('touchpoints').select('archived_at').eq('id', tp).single()).data?.archived_at !== null, 15_000, 'row archived');
		const { count } = await service.from('survey_responses').select('*', { count: 'exact', head: true }).eq('touchpoint_id', tp);
		expect(count).toBe(1);
		ea.undo();
		expect(readDocument(a.doc).touchpoints.map((t) => t.id)).toContain(tp);
		await new Promise((r) => setTimeout(r, 300)); // let the update reach the server
		await server.collab.flush();
		await waitFor(async () => (await service.from('touchpoints').select('archived_at').eq('id', tp).single()).data?.archived_at === null, 15_000, 'row restored by undo');
	});

	test('the document survives a restart of the collaboration server', async () => {
		const a = await open(editor);
		await a.outcome;
		const expected = readDocument(a.doc);
		a.provider.destroy();
		await server.close();
		server = await startCollab(stack);
		const b = await open(editor);
		await b.outcome;
		expect(readDocument(b.doc)).toEqual(expected);
	});
});
