import { readFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { signInAsDemo } from '../support/e2e.js';

/** A touchpoint node by its exact name. */
const node = (page: Page, name: string) => page.locator('.svelte-flow__node-touchpoint').filter({ has: page.getByText(name, { exact: true }) });

/** Frames the whole map (off-screen nodes are not rendered) and waits for the animation. */
async function fit(page: Page) {
	await page.getByRole('button', { name: 'Fit', exact: true }).click();
	await page.waitForTimeout(450);
}

/** Pans the map (dragging empty space at the top of the pane) so `locator` is in the middle. */
async function centre(page: Page, locator: Locator) {
	const pane = (await page.locator('.svelte-flow').boundingBox())!;
	const box = (await locator.boundingBox())!;
	const start = { x: pane.x + pane.width / 2, y: pane.y + 8 };
	await page.mouse.move(start.x, start.y);
	await page.mouse.down();
	await page.mouse.move(start.x + (pane.x + pane.width / 2 - (box.x + box.width / 2)), start.y + (pane.y + pane.height / 2 - (box.y + box.height / 2)), { steps: 8 });
	await page.mouse.up();
	await page.waitForTimeout(200);
}

async function dragBetween(page: Page, from: Locator, to: Locator) {
	const a = (await from.boundingBox())!;
	const b = (await to.boundingBox())!;
	await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
	await page.mouse.down();
	await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
	await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
	await page.mouse.up();
}

test('build a journey from a template, edit it, undo/redo, reload, export and re-import', async ({ page }) => {
	const name = `Support ${Date.now().toString(36)}`;
	await signInAsDemo(page);
	await page.getByRole('button', { name: 'New journey' }).click();
	await page.getByRole('radio', { name: /Telecom support/ }).check();
	await page.getByLabel('Name', { exact: true }).fill(name);
	await page.getByRole('button', { name: 'Create journey' }).click();

	await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
	await expect(page.getByRole('status').filter({ hasText: 'Saved · live' })).toBeVisible();
	await expect(page.locator('.svelte-flow__node-lane')).toHaveCount(6);
	await expect(node(page, 'Hotline and IVR')).toBeVisible();

	// A new stage, then two touchpoints in it.
	await page.getByRole('button', { name: '+ Stage' }).click();
	await expect(page.locator('.svelte-flow__node-lane')).toHaveCount(7);
	const newLane = page.getByRole('region', { name: /^Stage 7/ });
	await newLane.getByRole('button', { name: /Add a touchpoint/ }).click();
	await newLane.getByRole('button', { name: /Add a touchpoint/ }).click();
	await expect(node(page, 'New touchpoint')).toHaveCount(2);

	// Rename one in place (double-click), the other from the details panel.
	await node(page, 'New touchpoint').first().getByText('New touchpoint').dblclick();
	await page.getByRole('textbox', { name: 'Touchpoint name' }).fill('Callback request');
	await page.keyboard.press('Enter');
	await expect(node(page, 'Callback request')).toBeVisible();
	await node(page, 'New touchpoint').click();
	const details = page.getByRole('tabpanel', { name: 'Details' });
	await details.getByLabel('Name').fill('Callback');
	await details.getByLabel('Name').press('Enter');
	await fit(page);
	await expect(node(page, 'Callback')).toBeVisible();

	// Connect them: drag from one node's handle and drop anywhere on the other node. Zoom in on
	// the two first, as a person would: fitted at 1280 px the handles are ~5 px wide.
	const target = (await node(page, 'Callback').boundingBox())!;
	await page.mouse.move(target.x + target.width / 2, target.y);
	await page.mouse.wheel(0, -400);
	await page.waitForTimeout(400);
	// Near the right edge the side panel can cover the handle: bring the pair to the middle.
	await centre(page, node(page, 'Callback request'));
	await dragBetween(page, node(page, 'Callback request').locator('.svelte-flow__handle.source'), node(page, 'Callback'));
	await expect(page.locator('.svelte-flow__edge')).toHaveCount(1);

	// Undo the connection and the rename, redo both.
	await page.locator('.svelte-flow__pane').click({ position: { x: 10, y: 10 } });
	await page.keyboard.press('Control+z');
	await expect(page.locator('.svelte-flow__edge')).toHaveCount(0);
	await page.keyboard.press('Control+z');
	await expect(node(page, 'New touchpoint')).toHaveCount(1);
	await page.keyboard.press('Control+Shift+z');
	await page.keyboard.press('Control+Shift+z');
	await expect(page.locator('.svelte-flow__edge')).toHaveCount(1);
	await expect(node(page, 'Callback')).toBeVisible();

	// Everything survives a reload (stored by the collaboration server).
	await page.waitForTimeout(2500); // the server stores 2 s after the last change
	await page.reload();
	await expect(page.getByRole('status').filter({ hasText: 'Saved · live' })).toBeVisible();
	await expect(page.locator('.svelte-flow__node-lane')).toHaveCount(7);
	await fit(page);
	await expect(node(page, 'Callback request')).toBeVisible();
	await expect(node(page, 'Callback')).toBeVisible();
	await expect(page.locator('.svelte-flow__edge')).toHaveCount(1);

	// Export PNG and JSON.
	await page.getByText('Export', { exact: true }).click();
	const [png] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'PNG image' }).click()]);
	expect(png.suggestedFilename()).toMatch(/\.png$/);
	const pngBytes = readFileSync((await png.path())!);
	expect(pngBytes.subarray(1, 4).toString()).toBe('PNG');
	expect(pngBytes.length).toBeGreaterThan(20_000);
	await page.getByText('Export', { exact: true }).click();
	const [json] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'JSON file' }).click()]);
	const exported = JSON.parse(readFileSync((await json.path())!, 'utf8'));
	expect(exported.format).toBe('journey-studio/journey');
	expect(exported.document.stages).toHaveLength(7);

	// Import the JSON as a copy.
	await page.getByRole('link', { name: 'Back to journeys' }).click();
	await page.getByRole('button', { name: 'New journey' }).click();
	await page.getByLabel(/import a journey export/).setInputFiles((await json.path())!);
	await page.getByRole('button', { name: 'Import as a new journey' }).click();
	await expect(page.getByRole('heading', { name: `${name} (imported)`, level: 1 })).toBeVisible();
	await expect(page.locator('.svelte-flow__node-lane')).toHaveCount(7);
	await fit(page);
	await expect(node(page, 'Callback request')).toBeVisible();
	await expect(page.locator('.svelte-flow__edge')).toHaveCount(1);
});

test('a bad import file gets a clear error and creates nothing', async ({ page }) => {
	await signInAsDemo(page);
	const before = await page.locator('article.journey').count();
	await page.getByRole('button', { name: 'New journey' }).click();
	await page.getByLabel(/import a journey export/).setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"format":"journey-studio/journey","version":1,"name":"x","document":{"stages":"nope"}}') });
	await page.getByRole('button', { name: 'Import as a new journey' }).click();
	await expect(page.getByRole('alert')).toContainText('broken.json: The file is not a valid journey export: document.stages');
	await expect(page.getByRole('alert')).toContainText('Nothing was imported');
	await expect(page.locator('article.journey')).toHaveCount(before);
});
