import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { signInAsDemo } from '../support/e2e.js';

/*
 * Offline editing for real: this test runs an app server of its own and stops it while a person
 * edits (Chromium's offline emulation does not drop an open WebSocket, a stopped server does).
 */
const PORT = Number(process.env.E2E_OFFLINE_PORT ?? 4191);
const base = `http://127.0.0.1:${PORT}`;
// Made on first use: Playwright also imports this file in its runner process, to list the tests.
let dataDir: string | null = null;
let server: ChildProcess | null = null;

async function startServer() {
	dataDir ??= mkdtempSync(join(tmpdir(), 'js-offline-'));
	server = spawn(process.execPath, ['scripts/serve.ts'], {
		env: { ...process.env, PORT: String(PORT), HOST: '127.0.0.1', DATA_DIR: dataDir },
		stdio: 'ignore'
	});
	for (let i = 0; i < 240; i++) {
		if (await fetch(`${base}/healthz`).then((r) => r.ok, () => false)) return;
		await new Promise((r) => setTimeout(r, 250));
	}
	throw new Error('the app did not start');
}

async function stopServer() {
	const child = server;
	server = null;
	if (!child || child.exitCode !== null) return;
	const exited = new Promise((resolve) => child.once('exit', resolve));
	child.kill('SIGTERM');
	await exited;
}

test.afterAll(async () => {
	await stopServer();
	if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('edits made while the server is down are kept, shown as pending, and merge when it is back', async ({ page }) => {
	test.setTimeout(120_000);
	await startServer();
	await signInAsDemo(page, base);
	await page.getByRole('button', { name: 'New journey' }).click();
	await page.getByLabel('Name', { exact: true }).fill('Offline journey');
	await page.getByRole('button', { name: 'Create journey' }).click();
	await page.getByRole('button', { name: 'Add the first stage' }).click();
	const badge = page.getByRole('status').filter({ hasText: /Saved · live|Offline|Connecting|Saving/ });
	await expect(badge).toHaveText('Saved · live');
	const journeyUrl = page.url();

	await stopServer();
	await expect(badge).toContainText('Offline — reconnecting…', { timeout: 10_000 });
	// Work goes on: a touchpoint is added and renamed with no server.
	await page.getByRole('region', { name: 'Stage 1: Stage 1' }).getByRole('button', { name: /Add a touchpoint/ }).click();
	await page.getByText('New touchpoint', { exact: true }).dblclick();
	await page.getByRole('textbox', { name: 'Touchpoint name' }).fill('Written offline');
	await page.keyboard.press('Enter');
	await expect(page.getByText('Written offline', { exact: true })).toBeVisible();
	await expect(badge).toContainText(/not saved yet/);

	await startServer();
	await expect(badge).toHaveText('Saved · live', { timeout: 30_000 });
	// The server has it: a fresh browser (no local copy) sees the edit.
	const other = await (await page.context().browser()!.newContext()).newPage();
	await signInAsDemo(other, base);
	await other.goto(journeyUrl.replace(/^http:\/\/[^/]+/, base));
	await expect(other.getByText('Written offline', { exact: true })).toBeVisible();
});
