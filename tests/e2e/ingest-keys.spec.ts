import { expect, test } from '@playwright/test';
import { signInAsDemo } from '../support/e2e.js';

test('an API key created in Settings is accepted by the ingest API until it is revoked', async ({ page }) => {
	await signInAsDemo(page);
	await page.getByRole('link', { name: 'Settings' }).click();
	await page.getByLabel('Key name').fill('Helpdesk export');
	await page.getByRole('button', { name: 'Create key' }).click();
	const token = await page.getByLabel(/New key/).inputValue();
	expect(token).toMatch(/^jsi_/);
	const keys = page.getByRole('list', { name: 'API keys' });
	await expect(keys.getByRole('listitem').filter({ hasText: 'Helpdesk export' })).toContainText('never used');

	// Authenticated: an item without a touchpoint is rejected with a reason, not refused with 401.
	const post = () => page.request.post('/api/ingest/feedback', { headers: { authorization: `Bearer ${token}` }, data: [{ body: 'hello' }] });
	const accepted = await post();
	expect(accepted.status()).toBe(200);
	const result = (await accepted.json()) as { accepted: number; rejected: { index: number; reason: string }[] };
	expect(result.accepted).toBe(0);
	expect(result.rejected[0]?.index).toBe(0);

	await page.reload();
	const row = keys.getByRole('listitem').filter({ hasText: 'Helpdesk export' });
	await expect(row).toContainText('last used');
	await row.getByRole('button', { name: 'Revoke' }).click();
	await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Key revoked' })).toBeVisible();
	expect((await post()).status()).toBe(401);
	// The token is never shown again.
	await page.reload();
	await expect(page.getByLabel(/New key/)).toHaveCount(0);
});
