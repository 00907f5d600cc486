import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { createMissingTouchpoints, liveDocumentEditor, storedDocumentEditor } from '#lib/server/data/imports.js';
import type { Stack } from '#lib/server/stack/index.js';
import { serviceClient } from '#lib/server/supabase.js';
import { JourneyEditor } from '#lib/sync/editor.js';
import { decodeState, readDocument } from '#lib/sync/ydoc.js';
import { connect, startCollab, waitFor, type Client } from '../support/collab.js';
import { createJourneyWithTouchpoints } from '../support/imports.js';
import { engines } from '../support/stacks.js';
import { createUser, type TestUser } from '../support/users.js';

/**
 * "Create missing touchpoints" while someone has the journey open: the new touchpoints must reach
 * the open canvas live and survive its next store (issue 5; the bug was that the stored document
 * was edited behind the live one, whose next store archived the new touchpoints).
 */
for (const engine of engines) {
	describe(`touchpoints created by an import reach an open journey (${engine.name})`, () => {
		let stack: Stack;
		let server: Awaited<ReturnType<typeof startCollab>>;
		let service: SupabaseClient;
		let editor: TestUser;
		let workspaceId: string;
		const clients: Client[] = [];

		const open = async (journeyId: string) => {
			const client = connect(server.url, journeyId, editor.accessToken);
			clients.push(client);
			expect(await client.outcome).toBe('synced');
			return client;
		};
		const row = async (id: string) =>
			(await service.from('touchpoints').select('id, name, archived_at').eq('id', id).maybeSingle<{ id: string; name: string; archived_at: string | null }>()).data;
		/** An edit in the open canvas, then the store that follows it. */
		const editAndStore = async (client: Client, journeyId: string) => {
			new JourneyEditor(client.doc).addStage('Arrival');
			await waitFor(async () => readDocument(decodeState(await server.collab.currentState(journeyId))).stages.some((s) => s.name === 'Arrival'), 5000, 'edit on the server');
			await server.collab.flush();
		};

		beforeAll(async () => {
			stack = await engine.start();
			server = await startCollab(stack, { autoVersionMinutes: 600 });
			service = serviceClient(stack);
			editor = await createUser(stack, 'live-importer');
			const { data, error } = await editor.client.rpc('create_workspace', { p_name: 'Live imports' });
			if (error) throw error;
			workspaceId = data.id;
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

		test('through the collaboration server: an open canvas sees the new touchpoint, and after its next store it is not archived', async () => {
			const { journeyId } = await createJourneyWithTouchpoints(service, workspaceId, ['Check-in']);
			const client = await open(journeyId);
			expect(readDocument(client.doc).touchpoints.map((t) => t.name)).toEqual(['Check-in']);

			const created = await createMissingTouchpoints(editor.client, liveDocumentEditor(server.collab, editor.id), journeyId, ['Baggage claim']);
			expect(created.map((c) => c.name)).toEqual(['Baggage claim']);
			const id = created[0]!.id;
			// Live on the open canvas…
			await waitFor(() => readDocument(client.doc).touchpoints.some((t) => t.id === id && t.name === 'Baggage claim'), 5000, 'touchpoint on the open canvas');
			// …and in the tables before the call returned (the import validates against them next).
			expect(await row(id)).toMatchObject({ name: 'Baggage claim', archived_at: null });

			await editAndStore(client, journeyId);
			expect(readDocument(client.doc).stages.map((s) => s.name)).toContain('Arrival');
			expect(await row(id)).toMatchObject({ name: 'Baggage claim', archived_at: null });
		});

		test('the stored-document editor is only right with nobody on the journey: an open canvas archives what it added', async () => {
			const { journeyId } = await createJourneyWithTouchpoints(service, workspaceId, ['Check-in']);
			const client = await open(journeyId);
			const [created] = await createMissingTouchpoints(editor.client, storedDocumentEditor(service), journeyId, ['Lounge']);
			expect(await row(created!.id)).toMatchObject({ archived_at: null });
			await new Promise((r) => setTimeout(r, 300));
			expect(readDocument(client.doc).touchpoints.some((t) => t.id === created!.id)).toBe(false);
			await editAndStore(client, journeyId);
			await waitFor(async () => (await row(created!.id))?.archived_at != null, 5000, 'archived by the next store');
		});
	});
}
