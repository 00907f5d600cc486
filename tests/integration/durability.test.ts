import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import * as Y from 'yjs';
import { afterAll, describe, expect, test } from 'vitest';
import { fromBytea } from '#lib/server/collab/persistence.js';
import type { Stack } from '#lib/server/stack/index.js';
import { freePort } from '#lib/server/stack/ports.js';
import { serviceClient } from '#lib/server/supabase.js';
import { JourneyEditor } from '#lib/sync/editor.js';
import { readDocument } from '#lib/sync/ydoc.js';
import { connect, waitFor } from '../support/collab.js';
import { createUser } from '../support/users.js';

const children: ChildProcess[] = [];
const dataDir = mkdtempSync(join(tmpdir(), 'js-durable-'));
afterAll(() => {
	for (const child of children) child.kill('SIGKILL');
	rmSync(dataDir, { recursive: true, force: true });
});

/** Starts "the app" (stack + collaboration server) in a child process we can SIGKILL. */
async function startApp(collabPort: number): Promise<{ child: ChildProcess; stack: Stack }> {
	const child = spawn(process.execPath, ['tests/support/hold-collab.ts'], {
		env: { ...process.env, DATA_DIR: dataDir, COLLAB_PORT: String(collabPort) },
		stdio: ['ignore', 'pipe', 'inherit']
	});
	children.push(child);
	const info = await new Promise<Record<string, string>>((resolve, reject) => {
		createInterface({ input: child.stdout! }).on('line', (line) => line.startsWith('{') && resolve(JSON.parse(line)));
		child.once('exit', (code) => reject(new Error(`app exited with ${code}`)));
	});
	const stack = { mode: 'embedded', dataDir, supabaseUrl: info.postgrestUrl!, postgrestUrl: info.postgrestUrl!, anonKey: info.anonKey!, serviceRoleKey: info.serviceRoleKey!, jwtSecret: info.jwtSecret!, appliedMigrations: [], stop: async () => undefined } as Stack;
	return { child, stack };
}

async function storedDocument(stack: Stack, journeyId: string) {
	const { data } = await serviceClient(stack).from('journey_documents').select('state').eq('journey_id', journeyId).maybeSingle();
	if (!data) return null;
	const doc = new Y.Doc();
	Y.applyUpdate(doc, fromBytea(data.state as string));
	return readDocument(doc);
}

describe('durability', () => {
	test('SIGKILL loses at most the store debounce; a restart with the client still open loses nothing', async () => {
		const port = await freePort();
		let app = await startApp(port);
		const user = await createUser(app.stack, 'durable');
		const { data: ws } = await user.client.rpc('create_workspace', { p_name: 'Durable' });
		const { data: journey } = await user.client.from('journeys').insert({ workspace_id: ws.id, name: 'Durable' }).select('id').single();

		const client = connect(`ws://127.0.0.1:${port}/collab`, journey!.id, user.accessToken);
		expect(await client.outcome).toBe('synced');
		const editor = new JourneyEditor(client.doc);
		const early = editor.addStage('Stored before the crash');
		await waitFor(async () => (await storedDocument(app.stack, journey!.id))?.stages.some((s) => s.id === early) ?? false, 10_000, 'first edit stored');

		const late = editor.addStage('Edited just before the crash');
		await new Promise((r) => setTimeout(r, 150)); // reaches the server, not yet stored (2 s debounce)
		app.child.kill('SIGKILL');
		await new Promise((r) => app.child.once('exit', r));

		app = await startApp(port);
		const afterCrash = await storedDocument(app.stack, journey!.id);
		expect(afterCrash?.stages.map((s) => s.id)).toContain(early);

		// The open client reconnects by itself and resends what the server lost.
		await waitFor(async () => (await storedDocument(app.stack, journey!.id))?.stages.some((s) => s.id === late) ?? false, 20_000, 'late edit recovered from the client');
		client.provider.destroy();
	});
});
