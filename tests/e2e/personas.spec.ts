import { expect, test, type Page } from '@playwright/test';
import { signInAsDemo } from '../support/e2e.js';

const JOURNEY = 'Home broadband: from search to renewal';

/** A 900 × 600 PNG drawn in the page (a face-ish circle off centre), so the crop has something to frame. */
async function generatedPng(page: Page): Promise<Buffer> {
	const url = await page.evaluate(() => {
		const canvas = document.createElement('canvas');
		canvas.width = 900;
		canvas.height = 600;
		const c = canvas.getContext('2d')!;
		c.fillStyle = '#2f9e44';
		c.fillRect(0, 0, 900, 600);
		c.fillStyle = '#ffd43b';
		c.beginPath();
		c.arc(600, 300, 180, 0, Math.PI * 2);
		c.fill();
		return canvas.toDataURL('image/png');
	});
	return Buffer.from(url.split(',')[1]!, 'base64');
}

test('a persona with a cropped photo: gallery, tag filter, linked to the demo journey, its page with journeys and metrics', async ({ page }) => {
	// Unique: specs share one app server (and a rerun against a dev server keeps earlier ones).
	const run = Date.now().toString(36);
	const name = `Rosa Field ${run}`;
	await signInAsDemo(page);
	await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Personas' }).click();
	await expect(page.getByRole('heading', { name: 'Personas', level: 1 })).toBeVisible();
	await page.getByRole('link', { name: 'New persona' }).click();
	// Typed before hydration, text would be written over by it: wait for the page's scripts.
	await page.waitForURL(/personas\/new$/);
	await page.waitForLoadState('networkidle');

	await page.getByLabel('Name').fill(name);
	await page.getByLabel('Role or occupation').fill('Night-shift nurse');
	await page.getByLabel('Age range').fill('35–44');
	await page.getByLabel('Quote').fill('I set it up at 3 a.m. or not at all.');
	await page.getByLabel('Goals').fill('Working Wi-Fi before the weekend\nOne bill');
	await page.getByLabel('Pains and frustrations').fill('Waiting on hold');
	await page.getByLabel('Tech comfort').selectOption('2');
	await page.getByLabel('Tags').fill(`Night shift, E2E ${run}`);

	// Photo: choose, move the frame, zoom, crop.
	await page.getByLabel('Photo', { exact: true }).setInputFiles({ name: 'rosa.png', mimeType: 'image/png', buffer: await generatedPng(page) });
	const frame = page.getByRole('group', { name: /Crop frame/ });
	await expect(frame).toBeVisible();
	const box = (await frame.boundingBox())!;
	await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
	await page.mouse.down();
	await page.mouse.move(box.x + box.width / 2 - 60, box.y + box.height / 2, { steps: 5 });
	await page.mouse.up();
	await page.getByLabel('Zoom').fill('1.5');
	await page.getByRole('button', { name: 'Use this crop' }).click();
	await expect(page.getByText('Photo cropped')).toBeVisible();
	await page.getByRole('button', { name: 'Create persona' }).click();

	// The persona page: the card with the uploaded photo (served by the app, 512 × 512).
	await expect(page.getByRole('status').filter({ hasText: 'Persona created.' })).toBeVisible();
	const card = page.getByRole('article', { name });
	await expect(card.getByText('“I set it up at 3 a.m. or not at all.”')).toBeVisible();
	await expect(card.getByText('2 of 5 · Hesitant')).toBeVisible();
	const photo = card.getByRole('img', { name: `Photo of ${name}` });
	await expect(photo).toBeVisible();
	expect(await photo.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight])).toEqual([512, 512]);

	// The gallery: found by search and by its tag (both in the URL).
	await page.getByRole('link', { name: '← Personas' }).click();
	await page.getByRole('searchbox', { name: 'Search' }).fill('night-shift');
	await page.getByRole('button', { name: 'Search' }).click();
	await expect(page).toHaveURL(/q=night-shift/);
	await expect(page.getByRole('list', { name: 'Personas' }).getByRole('link', { name })).toBeVisible();
	await page.goto(`${new URL(page.url()).pathname}?tag=e2e+${run}`);
	await expect(page.getByRole('list', { name: 'Personas' }).getByRole('link', { name })).toBeVisible();
	await expect(page.getByRole('list', { name: 'Personas' }).getByRole('article')).toHaveCount(1);
	await page.getByRole('list', { name: 'Personas' }).getByRole('link', { name }).click();

	// Link it to the demo journey from the persona's side, then to one of its touchpoints.
	await page.getByLabel('Link to a journey').selectOption({ label: JOURNEY });
	await page.getByRole('button', { name: 'Link', exact: true }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Linked' })).toBeVisible();
	const journeys = page.getByRole('region', { name: 'Journeys' });
	await expect(journeys.getByRole('link', { name: JOURNEY })).toBeVisible();
	await journeys.getByText(/Touchpoints: 0 of \d+ linked/).click();
	await journeys.getByRole('checkbox').first().check();
	await journeys.getByRole('button', { name: 'Save touchpoints' }).click();
	await expect(journeys.getByText(/Touchpoints: 1 of \d+ linked/)).toBeVisible();

	// Its metrics section (no answers from this new persona yet), and a demo persona's with numbers.
	const metrics = page.getByRole('region', { name: 'Metrics for this persona' });
	await expect(metrics.getByText('no answers yet').first()).toBeVisible();

	// On the canvas the placement is there (the map is the truth).
	await journeys.getByRole('link', { name: JOURNEY }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Saved · live' })).toBeVisible();
	await expect(page.locator('.svelte-flow__node-persona').filter({ hasText: name })).toBeVisible();
});

test('a demo persona shows its own metrics with n and its worst touchpoints, linking to the canvas', async ({ page }) => {
	await signInAsDemo(page);
	await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Personas' }).click();
	await page.getByRole('list', { name: 'Personas' }).getByRole('link', { name: 'Maya, the remote worker' }).click();
	const metrics = page.getByRole('region', { name: 'Metrics for this persona' });
	await expect(metrics.getByText(/n=\d+ over \d+ touchpoint/).first()).toBeVisible();
	const worst = metrics.getByRole('listitem').filter({ has: page.locator('a[href*="persona="]') });
	await expect(worst.first()).toBeVisible();
	expect(await worst.count()).toBeLessThanOrEqual(5);

	// Print (Save as PDF) shows the card alone: name and photo on it, no buttons, no journeys or metrics.
	await page.emulateMedia({ media: 'print' });
	await expect(page.getByRole('article', { name: 'Maya, the remote worker' }).getByRole('img', { name: /Maya/ })).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Maya, the remote worker' })).toBeVisible();
	await expect(page.getByRole('button', { name: 'Print / Save as PDF' })).toBeHidden();
	await expect(metrics).toBeHidden();
	await expect(page.locator('body > div header, body header').first()).toBeHidden();
	const pdf = await page.pdf({ format: 'A4', printBackground: true });
	expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
	await page.emulateMedia({ media: 'screen' });

	// PNG export of the card (html-to-image).
	const download = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Export PNG' }).click();
	const file = await download;
	expect(file.suggestedFilename()).toBe('Maya-the-remote-worker.png');
	const png = await (await import('node:fs/promises')).readFile((await file.path())!);
	expect(png.subarray(1, 4).toString()).toBe('PNG');

	await worst.first().getByRole('link').click();
	await expect(page).toHaveURL(/journeys\/.+persona=/);
	await expect(page.getByRole('status').filter({ hasText: 'Saved · live' })).toBeVisible();
	// The canvas opens through this persona's eyes: the friction overlay on, its persona filter set.
	const overlay = page.getByRole('group', { name: 'Friction overlay' });
	await expect(overlay.getByRole('checkbox', { name: /Friction overlay/ })).toBeChecked();
	await expect(overlay.getByLabel('Persona').locator('option:checked')).toHaveText('Maya, the remote worker');
});

test('duplicate, archive and delete: the delete dialog names the journeys, and the persona leaves their maps', async ({ page }) => {
	const name = `Theo ${Date.now().toString(36)} Brandt`;
	await signInAsDemo(page);
	const workspace = new URL(page.url()).pathname.split('/')[2]!;
	await page.goto(`/w/${workspace}/personas/new`);
	await page.waitForLoadState('networkidle');
	await page.getByLabel('Name').fill(name);
	await page.getByRole('button', { name: 'Create persona' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Persona created.' })).toBeVisible();
	// No photo: the generated avatar with its initials.
	await expect(page.getByRole('img', { name: `Avatar of ${name}` })).toHaveText('TB');
	const personaUrl = page.url().split('?')[0]!;

	await page.getByRole('button', { name: 'Duplicate' }).click();
	await expect(page.getByLabel('Name')).toHaveValue(`${name} (copy)`);
	await page.goto(personaUrl);
	await page.getByRole('button', { name: 'Archive' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Archived' })).toBeVisible();
	await page.goto(`/w/${workspace}/personas`);
	await expect(page.getByRole('link', { name, exact: true })).toHaveCount(0);
	await page.getByRole('link', { name: /^Archived \(/ }).click();
	await page.getByRole('link', { name, exact: true }).click();
	await page.getByRole('button', { name: 'Restore to the library' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Back in the library.' })).toBeVisible();

	await page.getByLabel('Link to a journey').selectOption({ label: JOURNEY });
	await page.getByRole('button', { name: 'Link', exact: true }).click();
	await expect(page.getByRole('region', { name: 'Journeys' }).getByRole('link', { name: JOURNEY })).toBeVisible();
	await page.getByRole('button', { name: 'Delete' }).click();
	const dialog = page.getByRole('dialog', { name: `Delete ${name}?` });
	await expect(dialog).toContainText(`It is on 1 journey: ${JOURNEY}.`);
	await dialog.getByRole('button', { name: 'Delete persona' }).click();
	await expect(page).toHaveURL(new RegExp(`/w/${workspace}/personas$`));
	await expect(page.getByRole('link', { name, exact: true })).toHaveCount(0);

	await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Journeys' }).click();
	await page.getByRole('link', { name: JOURNEY, exact: true }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Saved · live' })).toBeVisible();
	await expect(page.locator('.svelte-flow__node-persona').filter({ hasText: 'Maya' })).toBeVisible();
	await expect(page.locator('.svelte-flow__node-persona').filter({ hasText: name })).toHaveCount(0);
});
