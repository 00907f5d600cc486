import { expect, test } from '@playwright/test';
import { signInAsDemo } from '../support/e2e.js';

test('drag a touchpoint and a note from the palette, then reorder stages by dragging a header', async ({ page }) => {
	await signInAsDemo(page);
	await page.getByRole('button', { name: 'New journey' }).click();
	await page.getByLabel('Name', { exact: true }).fill(`Drag ${Date.now().toString(36)}`);
	await page.getByRole('button', { name: 'Create journey' }).click();
	await page.getByRole('button', { name: 'Add the first stage' }).click();
	await page.getByRole('button', { name: '+ Stage' }).click();
	await page.getByRole('button', { name: 'Fit', exact: true }).click();
	await page.waitForTimeout(450);
	const second = page.getByRole('region', { name: 'Stage 2: Stage 2' });
	await expect(second).toBeVisible();

	// A chat touchpoint dropped on the second stage joins that stage.
	await page.getByRole('button', { name: 'Chat touchpoint (drag)' }).dragTo(second, { targetPosition: { x: 120, y: 200 } });
	const chat = page.getByRole('group', { name: 'Touchpoint New touchpoint (chat)' });
	await expect(chat).toBeVisible();
	const inside = async () => {
		const lane = (await page.getByRole('region', { name: /: Stage 2$/ }).boundingBox())!;
		const tp = (await chat.boundingBox())!;
		return tp.x >= lane.x - 1 && tp.x + tp.width <= lane.x + lane.width + 1;
	};
	expect(await inside()).toBe(true);

	// A note dropped on the canvas.
	await page.getByRole('button', { name: /^Pain point note \(drag\)$/ }).dragTo(page.locator('.svelte-flow__pane'), { targetPosition: { x: 60, y: 60 } });
	await expect(page.locator('.svelte-flow__node-note')).toHaveCount(1);

	// Drag the second stage's header to the left of the first: the stages swap, the touchpoint travels with its lane.
	const from = (await second.locator('header').boundingBox())!;
	const to = (await page.getByRole('region', { name: 'Stage 1: Stage 1' }).locator('header').boundingBox())!;
	await page.mouse.move(from.x + 30, from.y + from.height / 2);
	await page.mouse.down();
	await page.mouse.move(from.x - 40, from.y + from.height / 2, { steps: 5 });
	await page.mouse.move(to.x + 10, to.y + to.height / 2, { steps: 8 });
	await page.mouse.up();
	await expect(page.getByRole('region', { name: 'Stage 1: Stage 2' })).toBeVisible();
	await expect(page.getByRole('region', { name: 'Stage 2: Stage 1' })).toBeVisible();
	await expect.poll(inside).toBe(true);
});
