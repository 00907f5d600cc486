import { expect, test } from '@playwright/test';
import { signInAsDemo } from '../support/e2e.js';

const JOURNEY = 'Home broadband: from search to renewal';

test('the demo user sees unread alerts on the bell, follows one to the canvas and marks them read', async ({ page }) => {
	await signInAsDemo(page);

	// The demo seed ends with the first alerts check: its hotspots are waiting, unread.
	const bell = page.getByRole('banner').getByRole('link', { name: /^Notifications, \d+ unread$/ });
	await expect(bell).toBeVisible();
	const unread = Number((await bell.getAttribute('aria-label'))!.match(/(\d+) unread/)![1]);
	expect(unread).toBeGreaterThan(0);
	await expect(bell).toContainText(String(unread));

	await bell.click();
	await expect(page).toHaveURL(/\/w\/[^/]+\/notifications$/);
	await expect(page.getByRole('heading', { name: 'Notifications', level: 1 })).toBeVisible();
	const feed = page.getByRole('list', { name: 'Notifications, newest first' });
	const items = feed.getByRole('listitem');
	// Opening the feed runs an alerts check, so evidence other specs added since the bell was
	// drawn can add (unread) alerts: at least the bell's count, all of them unread.
	await expect(items.first()).toBeVisible();
	const shown = await items.count();
	expect(shown).toBeGreaterThanOrEqual(unread);
	await expect(page.getByText(`${shown} unread.`)).toBeVisible();
	// Earlier specs may have added evidence (and so alerts); the seeded hotspots are there whatever.
	const first = items.filter({ hasText: 'found at the first check' }).first();
	await expect(first).toContainText('Hotspot');
	await expect(first).toContainText(JOURNEY);
	await expect(first).toContainText(/Is a hotspot \(friction \d+\/100\), found at the first check/);
	// The date it happened, in a machine-readable <time> too.
	await expect(first.locator('time')).toHaveAttribute('datetime', /^\d{4}-\d{2}-\d{2}T/);

	// Marking one read lowers the count by one.
	await first.getByRole('button', { name: /^Mark as read/ }).click();
	await expect(page.getByRole('banner').getByRole('link', { name: `Notifications, ${shown - 1} unread` })).toBeVisible();
	await expect(first.getByRole('button', { name: /^Mark as read/ })).toHaveCount(0);

	// A notification's touchpoint opens the journey canvas at that touchpoint with its metrics,
	// and following it reads it.
	const second = items.filter({ hasText: 'found at the first check' }).nth(1);
	await expect(second.getByRole('button', { name: /^Mark as read/ })).toBeVisible();
	const link = second.getByRole('link');
	const touchpointName = (await link.innerText()).trim();
	await link.click();
	await expect(page).toHaveURL(/\/journeys\/[0-9a-f-]{36}\?touchpoint=[0-9a-f-]{36}&panel=metrics$/);
	await expect(page.getByRole('status').filter({ hasText: 'Saved · live' })).toBeVisible();
	await expect(page.getByRole('tab', { name: 'Metrics' })).toHaveAttribute('aria-selected', 'true');
	await expect(page.getByRole('region', { name: 'Metrics' }).getByRole('heading', { name: touchpointName, level: 2 })).toBeVisible();
	await expect(page.locator('.svelte-flow__node-touchpoint.selected')).toContainText(touchpointName);

	// Back in the feed, everything is marked read at once and the count goes away.
	await page.getByRole('banner').getByRole('link', { name: /^Notifications, \d+ unread$/ }).click();
	await expect(page.getByRole('banner').getByRole('link', { name: `Notifications, ${shown - 2} unread` })).toBeVisible();
	await expect(second.getByRole('button', { name: /^Mark as read/ })).toHaveCount(0);
	await page.getByRole('button', { name: 'Mark all as read' }).click();
	await expect(page.getByText(/^\d+ notifications? marked as read\.$/)).toBeVisible();
	await expect(page.getByRole('banner').getByRole('link', { name: 'Notifications', exact: true })).toBeVisible();
	await expect(page.getByRole('banner').getByRole('link', { name: /unread/ })).toHaveCount(0);
	await expect(page.getByText('All read.')).toBeVisible();
	await expect(page.getByRole('button', { name: 'Mark all as read' })).toHaveCount(0);

	// Read state is kept: after a reload and on another page the bell stays quiet.
	await page.getByRole('link', { name: 'Journeys' }).click();
	await expect(page.getByRole('link', { name: JOURNEY, exact: true })).toBeVisible();
	await page.reload();
	await expect(page.getByRole('banner').getByRole('link', { name: 'Notifications', exact: true })).toBeVisible();
	await expect(page.getByRole('banner').getByRole('link', { name: 'Notifications', exact: true })).not.toContainText(/\d/);
});
