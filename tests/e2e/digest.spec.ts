import { expect, test, type Page } from '@playwright/test';
import { signInAsDemo } from '../support/e2e.js';

const JOURNEY = 'Home broadband: from search to renewal';
// On the demo (seeded at start, data up to now): "Reviews on social media" has a single answer,
// 134 days old, so at the default 6 weeks it is the one silent touchpoint of 22. Its "Cut the
// installation IVR menu" action is planned and due 3 days ago; First bill and Support chat have
// open actions, so they are not "without actions".
const SILENT = 'Reviews on social media';

const section = (page: Page, name: RegExp) => page.getByRole('region', { name });

async function openDigest(page: Page) {
	await page.getByRole('link', { name: 'Digest', exact: true }).click();
	await expect(page.getByRole('heading', { name: 'Digest', level: 1 })).toBeVisible();
}

test('the digest lists stale journeys, hotspots without actions and overdue actions, each linking to where to act', async ({ page }) => {
	await signInAsDemo(page);
	// A fresh template journey: every touchpoint silent, so its card says "Stale".
	const name = `Digest ${Date.now().toString(36)}`;
	await page.getByRole('button', { name: 'New journey' }).click();
	await page.getByRole('radio', { name: /Telecom support/ }).check();
	await page.getByLabel('Name', { exact: true }).fill(name);
	await page.getByRole('button', { name: 'Create journey' }).click();
	await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
	await page.getByRole('link', { name: 'Back to journeys' }).click();
	await expect(page.getByRole('article', { name })).toContainText(/Stale\s+(\d+) of \1 touchpoints without data for 6 weeks \(none ever had any\)/);
	await expect(page.getByRole('article', { name: JOURNEY }).getByText('Stale', { exact: true })).toHaveCount(0);

	await openDigest(page);
	const stale = section(page, /^Journeys going stale/);
	const demo = stale.getByRole('listitem', { name: JOURNEY });
	await expect(demo).toContainText('1 of 22 touchpoints without data for 6 weeks');
	await expect(demo.getByRole('link', { name: SILENT })).toHaveAttribute('href', /\/journeys\/[0-9a-f-]{36}\?touchpoint=[0-9a-f-]{36}&panel=metrics$/);
	await expect(stale.getByRole('listitem', { name })).toBeVisible();
	await expect(demo.getByRole('link', { name: 'import data' })).toHaveAttribute('href', /\/journeys\/[0-9a-f-]{36}\/import$/);

	const hotspots = section(page, /^Hotspots without actions/);
	await expect(hotspots.getByRole('heading', { level: 2 })).toHaveText(/Hotspots without actions \d+ of \d+/);
	await expect(hotspots.getByRole('listitem', { name: 'First bill' })).toHaveCount(0);
	await expect(hotspots.getByRole('listitem', { name: 'Support chat' })).toHaveCount(0);
	await expect(hotspots.getByRole('listitem', { name: 'Fault report by email' })).toContainText('owned by Support hotline');
	const first = hotspots.getByRole('listitem').first();
	await expect(first).toContainText(/friction \d+\/100/);
	await expect(first.getByRole('link', { name: /^Create an action on / })).toHaveAttribute('href', /\/actions\/new\?journey=[0-9a-f-]{36}&touchpoint=[0-9a-f-]{36}$/);

	const overdue = section(page, /^Overdue actions/).getByRole('listitem', { name: 'Cut the installation IVR menu to three choices' });
	await expect(overdue).toContainText('3 days overdue');
	await expect(overdue).toContainText('Planned');
	await expect(overdue).toContainText('(Field operations)');
	await expect(overdue.getByRole('link', { name: 'Cut the installation IVR menu to three choices' })).toHaveAttribute('href', /\/actions\/[0-9a-f-]{36}$/);
	await expect(overdue.getByRole('link', { name: 'Installation booking (IVR)' })).toBeVisible();

	// The journey page: the indicator in its bar, and the silent touchpoint opened from it.
	await demo.getByRole('link', { name: JOURNEY }).click();
	await expect(page.getByRole('heading', { name: JOURNEY, level: 1 })).toBeVisible();
	await expect(page.getByRole('status').filter({ hasText: 'Saved · live' })).toBeVisible();
	const indicator = page.locator('details.freshness');
	await expect(indicator.locator('summary')).toHaveText(/Map edited .+ · data .+ · 1 silent/);
	await indicator.locator('summary').click();
	const pop = page.getByRole('group', { name: 'Freshness of this journey' });
	await expect(pop).toContainText('No data for 6 weeks: 1 of 22 touchpoints');
	await expect(pop).toContainText(/Data last received/);
	await pop.getByRole('link', { name: SILENT }).click();
	await expect(pop).toBeHidden();
	await expect(page.getByRole('tab', { name: 'Metrics' })).toHaveAttribute('aria-selected', 'true');
	await expect(page.getByRole('region', { name: 'Metrics' }).getByRole('heading', { name: SILENT, level: 2 })).toBeVisible();
	await expect(page.locator('.svelte-flow__node-touchpoint.selected')).toHaveText(new RegExp(SILENT));
});

test('owners set "stale after N weeks" in Settings; the digest follows', async ({ page }) => {
	await signInAsDemo(page);
	await page.getByRole('link', { name: 'Settings', exact: true }).click();
	const weeks = page.getByLabel(/Stale after/);
	await expect(weeks).toHaveValue('6');
	const save = page.getByRole('region', { name: 'Stale maps' }).getByRole('button', { name: 'Save' });
	await weeks.fill('20');
	await save.click();
	await expect(page.getByText('Saved: touchpoints without data for 20 weeks are silent.')).toBeVisible();
	try {
		await openDigest(page);
		// 134 days is under 20 weeks: the demo journey is no longer going stale.
		await expect(section(page, /^Journeys going stale/).getByRole('listitem', { name: JOURNEY })).toHaveCount(0);
		await expect(page.getByText(/touchpoints without data for 20 weeks|Nothing is going stale/).first()).toBeVisible();
	} finally {
		await page.getByRole('link', { name: 'Settings', exact: true }).click();
		await page.getByLabel(/Stale after/).fill('6');
		await page.getByRole('region', { name: 'Stale maps' }).getByRole('button', { name: 'Save' }).click();
		await expect(page.getByText('Saved: touchpoints without data for 6 weeks are silent.')).toBeVisible();
	}
});
