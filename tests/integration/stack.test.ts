import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startStack, type Stack } from '#lib/server/stack/index.js';
import { serviceClient, userClient } from '#lib/server/supabase.js';

describe('embedded stack', () => {
	let dir: string;
	let stack: Stack;
	beforeAll(async () => {
		dir = mkdtempSync(join(tmpdir(), 'js-stack-'));
		stack = await startStack({ mode: 'embedded', dataDir: dir, log: () => undefined });
	});
	afterAll(async () => {
		await stack?.stop();
		rmSync(dir, { recursive: true, force: true });
	});

	test('runs on Node 24', () => {
		expect(process.version).toMatch(/^v24\./);
	});

	test('applies every migration once and serves the API', async () => {
		expect(stack.appliedMigrations.length).toBeGreaterThanOrEqual(3);
		const { data, error } = await serviceClient(stack).from('workspaces').select('id');
		expect(error).toBeNull();
		expect(data).toEqual([]);
	});

	test('anon reads no rows', async () => {
		const { data, error } = await userClient(stack).from('journeys').select('id');
		expect(error).toBeNull();
		expect(data).toEqual([]);
	});
});
