import { expect, test, type Page } from '@playwright/test';
import { signInAsDemo } from '../support/e2e.js';

const unique = Date.now().toString(36);

// The map itself (the journey bar's freshness disclosure also names silent touchpoints).
const onMap = (page: Page) => page.getByTestId('svelte-flow__wrapper');

test('save a named version, change the map, preview the version, restore it, and undo the restore', async ({ page }) => {
	await signInAsDemo(page);

	await page.getByRole('button', { name: 'New journey' }).click();
	await page.getByLabel('Name', { exact: true }).fill(`History ${unique}`);
	await page.getByRole('button', { name: 'Create journey' }).click();
	await page.getByRole('button', { name: 'Add the first stage' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Saved · live' })).toBeVisible();

	await page.getByRole('tab', { name: 'History' }).click();
	await page.getByLabel('Name this version').fill('before workshop');
	await page.getByRole('button', { name: 'Save version' }).click();
	const versions = page.getByRole('list', { name: 'Versions' });
	await expect(versions.getByText('before workshop', { exact: true })).toBeVisible();
	await expect(versions.getByRole('listitem').filter({ hasText: 'before workshop' })).toContainText('1 stage, 0 touchpoints');

	// Change the map after the version.
	await page.getByRole('region', { name: 'Stage 1: Stage 1' }).getByRole('button', { name: /Add a touchpoint/ }).click();
	await expect(onMap(page).getByText('New touchpoint', { exact: true })).toBeVisible();

	// Preview shows the version read-only (no touchpoint yet), then back to the live map.
	await versions.getByRole('listitem').filter({ hasText: 'before workshop' }).getByRole('link', { name: 'Preview' }).click();
	await expect(page.getByRole('region', { name: 'Version preview' })).toContainText('before workshop');
	await expect(page.getByRole('region', { name: 'Stage 1: Stage 1' })).toBeVisible();
	await expect(onMap(page).getByText('New touchpoint', { exact: true })).toHaveCount(0);
	await page.getByRole('link', { name: '← Back to the live map' }).click();
	await expect(onMap(page).getByText('New touchpoint', { exact: true })).toBeVisible();

	// Restore it: the touchpoint goes, and the map as it was is kept as a version.
	await page.getByRole('tab', { name: 'History' }).click();
	await versions.getByRole('listitem').filter({ hasText: 'before workshop' }).getByRole('button', { name: 'Restore' }).click();
	await page.getByRole('button', { name: 'Restore for everyone' }).click();
	await expect(onMap(page).getByText('New touchpoint', { exact: true })).toHaveCount(0);
	const backup = versions.getByRole('listitem').filter({ hasText: 'Before restoring “before workshop”' });
	await expect(backup).toBeVisible();
	await expect(backup).toContainText('1 stage, 1 touchpoint');

	// Restoring that version undoes the restore.
	await backup.getByRole('button', { name: 'Restore' }).click();
	await page.getByRole('button', { name: 'Restore for everyone' }).click();
	await expect(onMap(page).getByText('New touchpoint', { exact: true })).toBeVisible();
});
