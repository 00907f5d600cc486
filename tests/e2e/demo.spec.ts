import { expect, test } from '@playwright/test';

test('a newcomer signs in with the demo account shown on the sign-in page and finds the demo journey', async ({ page }) => {
	await page.goto('/');
	await expect(page).toHaveURL(/\/signin$/);

	// The credentials are read off the page, as a newcomer would.
	const demo = page.getByRole('complementary', { name: 'Demo account' });
	await expect(demo).toBeVisible();
	const codes = await demo.locator('code').allTextContents();
	expect(codes).toHaveLength(2);
	await page.getByLabel('Email').first().fill(codes[0]!);
	await page.getByLabel('Password').fill(codes[1]!);
	await page.getByRole('button', { name: 'Sign in' }).click();

	await expect(page).toHaveURL(/\/w\/[0-9a-f-]+\/journeys$/);
	await expect(page.getByRole('heading', { name: 'Journeys', level: 1 })).toBeVisible();
	const card = page.getByRole('link', { name: 'Home broadband: from search to renewal' });
	await expect(card).toBeVisible();
	await expect(page.getByText(/22 touchpoints/)).toBeVisible();

	await card.click();
	await expect(page.getByRole('status').filter({ hasText: 'Saved · live' })).toBeVisible();
	for (const [i, stage] of ['Discover', 'Buy', 'Get connected', 'Use', 'Get help', 'Pay and renew'].entries()) {
		await expect(page.getByRole('region', { name: `Stage ${i + 1}: ${stage}` })).toBeVisible();
	}
	await expect(page.locator('.svelte-flow__node-touchpoint')).toHaveCount(22);
	await expect(page.getByText('Installation booking (IVR)')).toBeVisible();

	await page.getByRole('link', { name: 'Personas' }).click();
	await expect(page.getByRole('heading', { level: 2 })).toHaveCount(3);

	await page.getByRole('link', { name: 'Hotspots' }).click();
	await expect(page.getByRole('heading', { name: 'Hotspots', level: 1 })).toBeVisible();
	await expect(page.getByRole('table').locator('tbody tr').first().getByRole('rowheader')).toHaveText(/^First bill\s*▲?\s*Hotspot$/);

	await page.getByRole('link', { name: 'Settings' }).click();
	const members = page.getByRole('region', { name: 'Members' });
	await expect(members.getByText('demo@journey.studio', { exact: true })).toBeVisible();
	// Your own role is shown, not editable (a workspace must keep an owner).
	await expect(members.getByRole('listitem').filter({ hasText: 'demo@journey.studio' }).getByText('owner', { exact: true })).toBeVisible();
});

test('unknown pages and other people’s workspaces get a helpful 404', async ({ page }) => {
	const response = await page.goto('/no/such/page');
	expect(response?.status()).toBe(404);
	await expect(page.getByRole('heading', { name: 'We could not find that page' })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Back to your workspace' })).toBeVisible();
});

test('a wrong password is refused with a message, and the email stays filled in', async ({ page }) => {
	await page.goto('/signin');
	await page.getByLabel('Email').first().fill('demo@journey.studio');
	await page.getByLabel('Password').fill('not-the-password');
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByRole('alert')).toHaveText('Email or password is wrong.');
	await expect(page.getByLabel('Email').first()).toHaveValue('demo@journey.studio');
});
