import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { DataError } from '#lib/server/data/errors.js';
import { listVersions, restoreVersion, saveNamedVersion } from '#lib/server/data/versions.js';
import type { Stack } from '#lib/server/stack/index.js';
import { serviceClient } from '#lib/server/supabase.js';
import { JourneyEditor } from '#lib/sync/editor.js';
import { readDocument } from '#lib/sync/ydoc.js';
import { connect, startCollab, waitFor, type Client } from '../support/collab.js';
import { engines } from '../support/stacks.js';
import { createUser, type TestUser } from '../support/users.js';

for (const engine of engines) {
	describe(`comments and version history (${engine.name})`, () => {
		let stack: Stack;
		let server: Awaited<ReturnType<typeof startCollab>>;
		let service: SupabaseClient;
		let editor: TestUser;
		let viewer: TestUser;
		let outsider: TestUser;
		let ws: string;
		let journeyId: string;
		let touchpointId: string;
		const clients: Client[] = [];

		const open = async (user: TestUser) => {
			const client = connect(server.url, journeyId, user.accessToken);
			clients.push(client);
			await client.outcome;
			return client;
		};
		const comment = (user: TestUser, extra: Record<string, unknown> = {}) =>
			user.client
				.from('comments')
				.insert({ workspace_id: ws, journey_id: journeyId, target_id: touchpointId, target_kind: 'touchpoint', body: 'Why so slow?', ...extra })
				.select('*')
				.single();

		beforeAll(async () => {
			stack = await engine.start();
			// Every store takes an automatic version (interval 0), so the test can see them.
			server = await startCollab(stack, { autoVersionMinutes: 0 });
			service = serviceClient(stack);
			[editor, viewer, outsider] = await Promise.all([createUser(stack, 'ed'), createUser(stack, 'vi'), createUser(stack, 'out')]);
			ws = (await editor.client.rpc('create_workspace', { p_name: 'History' })).data.id;
			await service.from('workspace_members').insert({ workspace_id: ws, user_id: viewer.id, role: 'viewer' });
			journeyId = (await editor.client.from('journeys').insert({ workspace_id: ws, name: 'Support' }).select('id').single()).data!.id;
			touchpointId = (await service.from('touchpoints').insert({ journey_id: journeyId, workspace_id: ws, name: 'Hotline' }).select('id').single()).data!.id;
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

		test('a viewer can comment; mentions keep members only; a non-member cannot comment', async () => {
			const { data, error } = await comment(viewer, { mentions: [editor.id, outsider.id] });
			expect(error).toBeNull();
			expect(data.author_id).toBe(viewer.id);
			expect(data.mentions).toEqual([editor.id]);
			expect((await comment(outsider)).error).not.toBeNull();
			// Nor can anyone post in someone else's name.
			expect((await comment(viewer, { author_id: editor.id })).error).not.toBeNull();
		});

		test('only the author edits the words; an editor resolves and reopens; replies carry no state', async () => {
			const root = (await comment(viewer)).data;
			const edited = await editor.client.from('comments').update({ body: 'rewritten' }).eq('id', root.id).select('body');
			expect(edited.error?.message).toMatch(/Only the author/);
			const own = await viewer.client.from('comments').update({ body: 'Why so slow? (fixed typo)' }).eq('id', root.id).select('body').single();
			expect(own.data?.body).toBe('Why so slow? (fixed typo)');

			const resolved = await editor.client.from('comments').update({ resolved_at: new Date().toISOString() }).eq('id', root.id).select('resolved_by').single();
			expect(resolved.data?.resolved_by).toBe(editor.id);
			const reopened = await editor.client.from('comments').update({ resolved_at: null }).eq('id', root.id).select('resolved_by').single();
			expect(reopened.data?.resolved_by).toBeNull();

			const reply = (await comment(editor, { parent_id: root.id, body: 'Looking into it' })).data;
			const resolveReply = await editor.client.from('comments').update({ resolved_at: new Date().toISOString() }).eq('id', reply.id);
			expect(resolveReply.error).not.toBeNull();
			// Deleting the thread's first comment deletes the replies with it.
			await viewer.client.from('comments').delete().eq('id', root.id);
			expect((await service.from('comments').select('id').eq('id', reply.id)).data).toEqual([]);
		});

		test('a comments notice reaches the others on the journey; other payloads are not relayed', async () => {
			const [a, b] = [await open(editor), await open(viewer)];
			const received: string[] = [];
			b.provider.on('stateless', ({ payload }: { payload: string }) => received.push(payload));
			a.provider.sendStateless('<img src=x onerror=alert(1)>');
			a.provider.sendStateless('comments');
			await waitFor(() => received.length > 0, 3000, 'notice');
			await new Promise((r) => setTimeout(r, 100));
			expect(received).toEqual([JSON.stringify({ changed: 'comments' })]);
		});

		test('stores take automatic versions; editors name one; viewers cannot', async () => {
			const client = await open(editor);
			const edit = new JourneyEditor(client.doc);
			edit.addStage('Contact');
			await waitFor(async () => (await listVersions(editor.client, journeyId)).some((v) => v.kind === 'auto'), 8000, 'automatic version');
			const auto = (await listVersions(editor.client, journeyId)).find((v) => v.kind === 'auto')!;
			expect(auto.author).toBe('ed');

			const named = await saveNamedVersion(editor.client, server.collab, { id: journeyId, workspaceId: ws }, 'before workshop');
			expect(named).toMatchObject({ kind: 'named', name: 'before workshop', stageCount: 1 });
			await expect(saveNamedVersion(viewer.client, server.collab, { id: journeyId, workspaceId: ws }, 'sneaky')).rejects.toBeInstanceOf(DataError);
		});

		test('restore reaches connected clients, and is itself undone by restoring the version it kept', async () => {
			const client = await open(editor);
			const edit = new JourneyEditor(client.doc);
			const before = await saveNamedVersion(editor.client, server.collab, { id: journeyId, workspaceId: ws }, 'clean');
			const shape = readDocument(client.doc);
			const stageId = edit.addStage('Added after the version');
			edit.addTouchpoint({ stageId, name: 'Chatbot', channel: 'chat' });
			await server.collab.flush();

			await expect(restoreVersion(viewer.client, server.collab, { id: journeyId, workspaceId: ws }, before.id, viewer.id)).rejects.toBeInstanceOf(DataError);
			const result = await restoreVersion(editor.client, server.collab, { id: journeyId, workspaceId: ws }, before.id, editor.id);
			expect(result?.backup.kind).toBe('restore');
			await waitFor(() => readDocument(client.doc).stages.length === shape.stages.length, 3000, 'restore reaches the client');
			expect(readDocument(client.doc)).toEqual(shape);
			// The projection follows: the touchpoint added after the version is archived.
			const { data: chatbot } = await service.from('touchpoints').select('archived_at').eq('journey_id', journeyId).eq('name', 'Chatbot').single();
			expect(chatbot?.archived_at).not.toBeNull();

			await restoreVersion(editor.client, server.collab, { id: journeyId, workspaceId: ws }, result!.backup.id, editor.id);
			await waitFor(() => readDocument(client.doc).touchpoints.some((t) => t.name === 'Chatbot'), 3000, 'undo of the restore');
			expect(await restoreVersion(editor.client, server.collab, { id: journeyId, workspaceId: ws }, 'not-a-uuid', editor.id)).toBeNull();
		});
	});
}
