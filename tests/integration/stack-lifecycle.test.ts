import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, test } from 'vitest';
import { DataDirLockedError } from '#lib/server/stack/lock.js';
import { startStack } from '#lib/server/stack/index.js';

interface Held {
	child: ChildProcess;
	info: { ready: boolean; processGroup?: number; postgrestUrl?: string; error?: string };
}

const children: ChildProcess[] = [];
const dirs: string[] = [];

afterEach(() => {
	for (const child of children.splice(0)) child.kill('SIGKILL');
	for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir() {
	const dir = mkdtempSync(join(tmpdir(), 'js-life-'));
	dirs.push(dir);
	return dir;
}

/** Starts the stack in a child process (as the app would) and waits for its report line. */
function holdStack(dataDir: string): Promise<Held> {
	const child = spawn(process.execPath, ['tests/support/hold-stack.ts'], {
		env: { ...process.env, DATA_DIR: dataDir },
		stdio: ['ignore', 'pipe', 'inherit']
	});
	children.push(child);
	return new Promise((resolve, reject) => {
		const lines = createInterface({ input: child.stdout! });
		lines.on('line', (line) => {
			if (line.startsWith('{')) resolve({ child, info: JSON.parse(line) });
		});
		child.on('exit', (code) => reject(new Error(`holder exited with ${code}`)));
	});
}

const groupAlive = (pgid: number) => spawnSync('pgrep', ['-g', String(pgid)]).status === 0;

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<boolean> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (condition()) return true;
		await new Promise((r) => setTimeout(r, 100));
	}
	return condition();
}

describe('embedded stack lifecycle', () => {
	test('SIGKILL of the app leaves no PostgREST behind', async () => {
		const { child, info } = await holdStack(tempDir());
		expect(info.ready).toBe(true);
		expect(groupAlive(info.processGroup!)).toBe(true);
		expect((await fetch(info.postgrestUrl!)).status).toBe(200);

		child.kill('SIGKILL');
		expect(await waitFor(() => !groupAlive(info.processGroup!), 5_000)).toBe(true);
		await expect(fetch(info.postgrestUrl!)).rejects.toThrow();
	});

	test('a second app on the same data folder refuses with a clear message, and the first keeps working', async () => {
		const dir = tempDir();
		const first = await holdStack(dir);
		await expect(startStack({ mode: 'embedded', dataDir: dir, log: () => undefined })).rejects.toThrow(DataDirLockedError);
		await expect(startStack({ mode: 'embedded', dataDir: dir, log: () => undefined })).rejects.toThrow(
			/in use by another Journey Studio process/
		);
		expect((await fetch(first.info.postgrestUrl!)).status).toBe(200);
	});

	test('a lock left by a dead process is taken over, and the data survives the crash', async () => {
		const dir = tempDir();
		const first = await holdStack(dir);
		first.child.kill('SIGKILL');
		await new Promise((r) => first.child.once('exit', r));
		const stack = await startStack({ mode: 'embedded', dataDir: dir, log: () => undefined });
		try {
			expect(stack.appliedMigrations).toEqual([]); // already migrated before the crash
		} finally {
			await stack.stop();
		}
	});
});
