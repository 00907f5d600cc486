import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { personaFormSchema } from '#lib/domain/personas-form.js';
import { DataError } from '#lib/server/data/errors.js';
import { linkedTouchpoints, linkPersona, unlinkPersona } from '#lib/server/data/persona-links.js';
import { loadPersonaMetrics } from '#lib/server/data/persona-metrics.js';
import { EmbeddedPhotoStore, PHOTO_BUCKET, SupabasePhotoStore } from '#lib/server/data/persona-photos.js';
import { createPersona, deletePersonaRow, duplicatePersona, getPersona, personaJourneys, readPersonaPhoto, setPersonaPhoto } from '#lib/server/data/personas.js';
import type { Stack } from '#lib/server/stack/index.js';
import { serviceClient, userClient } from '#lib/server/supabase.js';
import { readDocument, roots, touchpointEntity } from '#lib/sync/ydoc.js';
import { connect, startCollab, waitFor } from '../support/collab.js';
import { startFakeStorage } from '../support/fake-storage.js';
import { engines } from '../support/stacks.js';
import { createUser, type TestUser } from '../support/users.js';

// The smallest valid PNG (1 × 1), and a "photo" that is really an SVG with a script.
const PNG = Uint8Array.from(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64'));
const SVG = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>');

for (const engine of engines) {
	describe(`personas (${engine.name})`, () => {
		let stack: Stack;
		let service: SupabaseClient;
		let collab: Awaited<ReturnType<typeof startCollab>>;
		let editor: TestUser;
		let viewer: TestUser;
		let outsider: TestUser;
		let ws: string;
		let store: EmbeddedPhotoStore;
		const input = (fields: Record<string, string>) => personaFormSchema.parse(fields);

		beforeAll(async () => {
			stack = await engine.start();
			service = serviceClient(stack);
			collab = await startCollab(stack);
			[editor, viewer, outsider] = await Promise.all([createUser(stack, 'ed'), createUser(stack, 'vi'), createUser(stack, 'out')]);
			ws = (await editor.client.rpc('create_workspace', { p_name: 'Personas' })).data.id;
			await service.from('workspace_members').insert({ workspace_id: ws, user_id: viewer.id, role: 'viewer' });
			store = EmbeddedPhotoStore.inDataDir(stack.dataDir);
		});
		afterAll(async () => {
			await collab?.close();
			await stack?.stop();
		});

		test('the card fields are stored with their checks; members read, only editors write, outsiders see nothing', async () => {
			const id = await createPersona(
				editor.client,
				ws,
				input({ name: 'Maya', ageRange: '35–44', location: 'Lyon', bio: 'Designer', motivations: 'Calm evenings', needs: 'One number to call', techComfort: '4', scenario: 'Moves house', tags: 'Remote, churn risk' })
			);
			const read = await getPersona(viewer.client, ws, id);
			expect(read).toMatchObject({ ageRange: '35–44', location: 'Lyon', motivations: ['Calm evenings'], needs: ['One number to call'], techComfort: 4, scenario: 'Moves house', tags: ['remote', 'churn risk'], photoUrl: null });
			expect(await getPersona(outsider.client, ws, id)).toBeNull();
			expect((await viewer.client.from('personas').update({ bio: 'x' }).eq('id', id).select('id')).data).toEqual([]);
			expect((await outsider.client.from('personas').insert({ workspace_id: ws, name: 'Intruder' }).select('id')).error).not.toBeNull();
			// The checks refuse what the form refuses, for any client.
			for (const bad of [{ tech_comfort: 6 }, { tags: Array.from({ length: 13 }, (_, i) => `t${i}`) }, { needs: ['n'.repeat(301)] }, { age_range: 'x'.repeat(41) }, { photo_key: '../../etc/passwd' }]) {
				const { error } = await editor.client.from('personas').update(bad).eq('id', id).select('id');
				expect(error?.code, JSON.stringify(bad)).toBe('23514');
			}
		});

		test('embedded photo store: an editor uploads, members read it back, a non-member and a viewer are refused, a non-image is refused', async () => {
			const id = await createPersona(editor.client, ws, input({ name: 'Tom' }));
			const key = await setPersonaPhoto(editor.client, store, { id, workspaceId: ws }, PNG);
			expect(key).toMatch(new RegExp(`^${ws}/${id}-[0-9a-z]+\\.png$`));
			expect(existsSync(join(stack.dataDir, 'uploads', PHOTO_BUCKET, key))).toBe(true);
			expect((await getPersona(viewer.client, ws, id))!.photoUrl).toMatch(new RegExp(`^/w/${ws}/personas/${id}/photo\\?v=`));

			const asViewer = await readPersonaPhoto(viewer.client, store, ws, id);
			expect(asViewer?.contentType).toBe('image/png');
			expect(Buffer.from(asViewer!.bytes).equals(Buffer.from(PNG))).toBe(true);
			expect(await readPersonaPhoto(outsider.client, store, ws, id)).toBeNull();
			expect(await readPersonaPhoto(userClient(stack), store, ws, id)).toBeNull();

			await expect(setPersonaPhoto(viewer.client, store, { id, workspaceId: ws }, PNG)).rejects.toThrow(DataError);
			await expect(setPersonaPhoto(editor.client, store, { id, workspaceId: ws }, SVG)).rejects.toThrow('JPEG, PNG or WebP');
			// The viewer's refused upload left no file behind; the editor's photo is still the one served.
			expect((await readPersonaPhoto(viewer.client, store, ws, id))!.bytes.byteLength).toBe(PNG.byteLength);

			// A duplicate gets its own copy; deleting the original removes its file only.
			const copy = await duplicatePersona(editor.client, store, (await getPersona(editor.client, ws, id))!);
			expect((await getPersona(editor.client, ws, copy))!.name).toBe('Tom (copy)');
			expect((await readPersonaPhoto(editor.client, store, ws, copy))!.bytes.byteLength).toBe(PNG.byteLength);
			await deletePersonaRow(editor.client, store, { id, workspaceId: ws });
			expect(existsSync(join(stack.dataDir, 'uploads', PHOTO_BUCKET, key))).toBe(false);
			expect(await readPersonaPhoto(editor.client, store, ws, copy)).not.toBeNull();
		});

		test('hosted photo path: the real supabase-js storage calls against a fake of the Storage API', async () => {
			const fake = await startFakeStorage('service-key');
			try {
				const hosted = new SupabasePhotoStore(createClient(fake.url, 'service-key', { auth: { persistSession: false } }));
				const id = await createPersona(editor.client, ws, input({ name: 'Ines' }));
				const key = await setPersonaPhoto(editor.client, hosted, { id, workspaceId: ws }, PNG);
				expect(fake.objects.get(`${PHOTO_BUCKET}/${key}`)?.type).toBe('image/png');
				expect(Buffer.from((await readPersonaPhoto(viewer.client, hosted, ws, id))!.bytes).equals(Buffer.from(PNG))).toBe(true);
				expect(await readPersonaPhoto(outsider.client, hosted, ws, id)).toBeNull();
				// A second photo replaces the first (the old object removed); a missing object reads as none.
				const second = await setPersonaPhoto(editor.client, hosted, { id, workspaceId: ws }, PNG);
				expect([...fake.objects.keys()]).toEqual([`${PHOTO_BUCKET}/${second}`]);
				expect(await hosted.get(`${ws}/${id}-missing.png`)).toBeNull();
				expect(fake.requests).toContain(`DELETE /storage/v1/object/${PHOTO_BUCKET}`);
				const wrongKey = new SupabasePhotoStore(createClient(fake.url, 'anon-key', { auth: { persistSession: false } }));
				await expect(wrongKey.put(second, PNG)).rejects.toThrow('Could not store the photo');
			} finally {
				await fake.close();
			}
		});

		test('linking from the persona side puts the placement in the Yjs document (live to an open canvas) and in journey_personas', async () => {
			const persona = { id: await createPersona(editor.client, ws, input({ name: 'Paul' })), workspaceId: ws, name: 'Paul' };
			const journeyId = (await editor.client.from('journeys').insert({ workspace_id: ws, name: 'Moving house' }).select('id').single()).data!.id as string;
			let touchpointId = '';
			await collab.collab.edit(journeyId, (doc) => {
				touchpointId = crypto.randomUUID();
				roots(doc).touchpoints.set(touchpointId, touchpointEntity({ stageId: null, name: 'Book a technician', channel: 'phone', description: '', owner: '', momentOfTruth: false, personaIds: [], x: 0, y: 0 }));
			}, { userId: editor.id, role: 'editor' });
			// Someone has the canvas open: the change must reach them.
			const open = connect(collab.url, journeyId, editor.accessToken);
			expect(await open.outcome).toBe('synced');
			try {
				await expect(linkPersona(viewer.client, collab.collab, viewer.id, persona, journeyId)).rejects.toThrow(DataError);
				await expect(linkPersona(outsider.client, collab.collab, outsider.id, persona, journeyId)).rejects.toThrow(DataError);

				const placement = await linkPersona(editor.client, collab.collab, editor.id, persona, journeyId, [touchpointId]);
				await waitFor(() => readDocument(open.doc).personas.some((p) => p.id === placement && p.personaId === persona.id), 5000, 'placement on the open canvas');
				expect(readDocument(open.doc).touchpoints.find((t) => t.id === touchpointId)!.personaIds).toEqual([placement]);
				expect(await personaJourneys(viewer.client, persona.id)).toEqual([{ id: journeyId, name: 'Moving house', archived: false }]);
				expect((await linkedTouchpoints(collab.collab, persona.id, journeyId)).touchpoints).toEqual([{ id: touchpointId, name: 'Book a technician', stage: null, linked: true }]);

				// Linking again keeps one placement; an empty touchpoint list unlinks them.
				expect(await linkPersona(editor.client, collab.collab, editor.id, persona, journeyId, [])).toBe(placement);
				const doc = new Y.Doc();
				Y.applyUpdate(doc, await collab.collab.currentState(journeyId));
				expect(readDocument(doc).personas.filter((p) => p.personaId === persona.id)).toHaveLength(1);
				expect(readDocument(doc).touchpoints[0]!.personaIds).toEqual([]);

				// The canvas stays the truth: an open client's next store keeps the placement (it has it).
				await collab.collab.flush();
				expect((await service.from('journey_personas').select('persona_id').eq('journey_id', journeyId)).data).toEqual([{ persona_id: persona.id }]);

				await unlinkPersona(editor.client, collab.collab, editor.id, persona, journeyId);
				await waitFor(() => readDocument(open.doc).personas.length === 0, 5000, 'placement removed on the open canvas');
				expect(await personaJourneys(editor.client, persona.id)).toEqual([]);
			} finally {
				open.provider.destroy();
				open.doc.destroy();
			}
		});

		test('its own metrics pool the answers it gave across its journeys; the worst touchpoints have its evidence', async () => {
			const persona = { id: await createPersona(editor.client, ws, input({ name: 'Ana' })), workspaceId: ws, name: 'Ana' };
			const other = await createPersona(editor.client, ws, input({ name: 'Other' }));
			const journeyId = (await editor.client.from('journeys').insert({ workspace_id: ws, name: 'Billing' }).select('id').single()).data!.id as string;
			const tps = (await service.from('touchpoints').insert([
				{ journey_id: journeyId, workspace_id: ws, name: 'Invoice' },
				{ journey_id: journeyId, workspace_id: ws, name: 'Payment' }
			]).select('id, name')).data!;
			const at = new Date(Date.now() - 86_400_000).toISOString();
			const answer = (touchpoint: string, score: number, personaId: string) => ({ workspace_id: ws, touchpoint_id: touchpoint, metric: 'nps', score, scale_max: 10, persona_id: personaId, responded_at: at });
			// Invoice: 30 answers from Ana, 20 detractors; Payment: 30 from Ana, all promoters; the other persona's answers must not count.
			const rows = [
				...Array.from({ length: 30 }, (_, i) => answer(tps[0]!.id, i < 20 ? 2 : 10, persona.id)),
				...Array.from({ length: 30 }, () => answer(tps[1]!.id, 10, persona.id)),
				...Array.from({ length: 30 }, () => answer(tps[1]!.id, 0, other))
			];
			const { error } = await service.from('survey_responses').insert(rows);
			expect(error).toBeNull();
			await linkPersona(editor.client, collab.collab, editor.id, persona, journeyId);
			const { metrics, worst } = await loadPersonaMetrics(viewer.client, ws, persona.id, [journeyId]);
			// (10 + 30 promoters − 20 detractors) / 60 = +33.3
			expect(metrics.nps.n).toBe(60);
			expect(metrics.nps.touchpoints).toBe(2);
			expect(metrics.nps.value).toBeCloseTo((100 * (40 - 20)) / 60, 5);
			expect(metrics.csat.n).toBe(0);
			expect(worst[0]?.touchpoint_name).toBe('Invoice');
			expect(worst.length).toBeLessThanOrEqual(5);
			await expect(loadPersonaMetrics(outsider.client, ws, persona.id, [journeyId])).rejects.toThrow();
		});
	});
}
