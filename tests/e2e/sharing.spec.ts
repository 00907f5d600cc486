import { expect, test, type Page } from '@playwright/test';
import { signInAsDemo } from '../support/e2e.js';

const JOURNEY = 'Home broadband: from search to renewal';
const slideTitle = (page: Page) => page.locator('main .slide-title');

/** Creates a link in the open Share dialog and returns the full URL it shows (once). */
async function createLink(page: Page, label: string, expiry: string): Promise<string> {
	const dialog = page.getByRole('dialog', { name: /^Share this/ });
	await dialog.getByLabel(/^Label/).fill(label);
	await dialog.getByLabel('Expires').selectOption({ label: expiry });
	await dialog.getByRole('button', { name: 'Create link' }).click();
	const url = await dialog.getByLabel(/New link/).inputValue();
	expect(url).toMatch(/\/share\/[A-Za-z0-9_-]{43}$/);
	await expect(dialog.getByRole('list', { name: 'Active share links' })).toContainText(label);
	return url;
}

test('a journey share link: presentation without a session, no edit controls, follows the presenter, refused once revoked', async ({ page, browser }) => {
	await signInAsDemo(page);
	await page.getByRole('link', { name: JOURNEY, exact: true }).click();
	await page.getByRole('toolbar', { name: 'Canvas tools' }).getByRole('button', { name: 'Share', exact: true }).click();
	const url = await createLink(page, 'E2E workshop room', '1 day');
	await expect(page.getByRole('list', { name: 'Active share links' })).toContainText(/expires/);

	// A fresh browser context: no cookies, no session.
	const guest = await browser.newContext();
	const viewer = await guest.newPage();
	const response = await viewer.goto(url);
	expect(response?.status()).toBe(200);
	// It opens on the room's current slide (other specs may have left the demo's presenter
	// anywhere); following is proven below when the presenter moves.
	await expect(slideTitle(viewer)).toBeVisible();
	// Read-only: no presenter view, no canvas, no app header, nothing to edit or sign in to.
	await expect(viewer.getByRole('button', { name: 'Presenter view' })).toHaveCount(0);
	await expect(viewer.getByText('Live: you move the room')).toHaveCount(0);
	await expect(viewer.getByRole('toolbar', { name: 'Canvas tools' })).toHaveCount(0);
	await expect(viewer.locator('textarea, [contenteditable="true"], input:not([type="hidden"])')).toHaveCount(0);
	await expect(viewer.getByRole('link', { name: /Journeys|Personas|Settings|Sign in/ })).toHaveCount(0);

	// The share token follows the presenter live...
	const journeyId = page.url().match(/journeys\/([0-9a-f-]{36})/)![1]!;
	const presenter = await page.context().newPage();
	await presenter.goto(`/present/${journeyId}`);
	await expect(presenter.getByText('Live: you move the room')).toBeVisible();
	await presenter.keyboard.press('End');
	await expect(slideTitle(presenter)).toHaveText('Where it hurts most');
	await expect(slideTitle(viewer)).toHaveText('Where it hurts most');
	await presenter.keyboard.press('Home');
	await expect(slideTitle(viewer)).toHaveText(JOURNEY);
	await presenter.close();
	// ...and steps on its own with the keyboard...
	await viewer.keyboard.press('ArrowRight');
	await expect(slideTitle(viewer)).toHaveText('Daniel, the busy parent');
	// ...but cannot drive the room nor write speaker notes.
	const origin = new URL(url).origin;
	const token = url.split('/share/')[1]!;
	const drive = await viewer.request.post(`${origin}/api/present/${journeyId}/state?share=${token}`, { data: { index: 0, key: 'title', blank: false } });
	expect(drive.status()).toBe(403);
	const notes = await viewer.request.put(`${origin}/api/present/${journeyId}/notes?share=${token}`, { data: { key: 'title', body: 'defaced' } });
	expect(notes.status()).toBe(404);

	// Revoke (with confirmation): the link is refused at once, saying nothing else.
	await page.getByRole('button', { name: 'Revoke E2E workshop room' }).click();
	await page.getByRole('dialog', { name: 'Revoke this link?' }).getByRole('button', { name: 'Revoke' }).click();
	await expect(page.getByRole('dialog', { name: /^Share this/ })).not.toContainText('E2E workshop room');
	const refused = await viewer.goto(url);
	expect(refused?.status()).toBe(410);
	await expect(viewer.getByRole('heading', { name: 'This link no longer works' })).toBeVisible();
	await expect(viewer.locator('body')).not.toContainText(JOURNEY);
	// A made-up token gets the very same page.
	expect((await viewer.goto(`${origin}/share/${'x'.repeat(43)}`))?.status()).toBe(410);
	await guest.close();
});

test('a persona share link shows the card alone', async ({ page, browser }) => {
	await signInAsDemo(page);
	await page.getByRole('link', { name: 'Personas', exact: true }).first().click();
	await page.getByRole('link', { name: /Daniel/ }).first().click();
	await page.getByRole('button', { name: 'Share', exact: true }).click();
	const url = await createLink(page, 'Persona for the agency', 'Never');

	const guest = await browser.newContext();
	const viewer = await guest.newPage();
	expect((await viewer.goto(url))?.status()).toBe(200);
	await expect(viewer.locator('.persona-card h2')).toContainText('Daniel');
	await expect(viewer.getByRole('button')).toHaveCount(0);
	await expect(viewer.getByRole('link')).toHaveCount(0);
	await guest.close();

	// Settings → Share links lists it with what it opens; revoking there works the same.
	await page.keyboard.press('Escape');
	await page.getByRole('link', { name: 'Settings', exact: true }).first().click();
	const section = page.getByRole('region', { name: 'Share links' });
	await expect(section).toContainText('Persona for the agency');
	await section.getByRole('button', { name: /Revoke the link to Daniel.*Persona for the agency/ }).click();
	await page.getByRole('dialog', { name: 'Revoke this link?' }).getByRole('button', { name: 'Revoke' }).click();
	await expect(section).not.toContainText('Persona for the agency');
	const after = await browser.newContext();
	expect((await (await after.newPage()).goto(url))?.status()).toBe(410);
	await after.close();
});
