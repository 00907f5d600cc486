import { expect, test } from '@playwright/test';
import { signIn } from '../support/e2e.js';

const unique = Date.now().toString(36);
const bob = { email: `bob-live-${unique}@example.test`, name: 'Bob Live', password: 'bob-live-password' };

test('two people on one journey see each other’s edits, avatars and cursors live', async ({ browser }) => {
	const alice = await (await browser.newContext()).newPage();
	await signIn(alice, 'demo@journey.studio', 'journey-demo');

	// Alice invites Bob (no account yet) as an editor and starts a journey.
	await alice.getByRole('link', { name: 'Settings' }).click();
	await expect(alice.getByRole('heading', { name: 'Workspace settings' })).toBeVisible();
	await alice.getByLabel('Email').fill(bob.email);
	await alice.getByRole('button', { name: 'Invite' }).click();
	await expect(alice.getByRole('status')).toContainText('is invited as editor');
	await alice.getByRole('link', { name: 'Journeys' }).click();
	await alice.getByRole('button', { name: 'New journey' }).click();
	await alice.getByLabel('Name', { exact: true }).fill(`Live ${unique}`);
	await alice.getByRole('button', { name: 'Create journey' }).click();
	await expect(alice.getByRole('heading', { name: 'An empty map' })).toBeVisible();
	await alice.getByRole('button', { name: 'Add the first stage' }).click();
	const journeyUrl = alice.url();

	const bobPage = await (await browser.newContext()).newPage();
	await bobPage.goto('/signup');
	await bobPage.getByLabel('Your name').fill(bob.name);
	await bobPage.getByLabel('Email').fill(bob.email);
	await bobPage.getByLabel(/Password/).fill(bob.password);
	await bobPage.getByRole('button', { name: 'Create account' }).click();
	await expect(bobPage).toHaveURL(/\/journeys$/);
	await bobPage.goto(journeyUrl);
	await expect(bobPage.getByRole('status').filter({ hasText: 'Saved · live' })).toBeVisible();
	await expect(bobPage.getByRole('region', { name: 'Stage 1: Stage 1' })).toBeVisible();

	// Each sees the other in the presence bar.
	await expect(alice.getByRole('list', { name: 'People on this journey' }).getByRole('button', { name: /Bob Live/ })).toBeVisible();
	await expect(bobPage.getByRole('list', { name: 'People on this journey' }).getByRole('button', { name: /Demo user/ })).toBeVisible();

	// Alice adds and renames a touchpoint; Bob sees it within a second.
	await alice.getByRole('region', { name: 'Stage 1: Stage 1' }).getByRole('button', { name: /Add a touchpoint/ }).click();
	await alice.getByText('New touchpoint', { exact: true }).dblclick();
	await alice.getByRole('textbox', { name: 'Touchpoint name' }).fill('Shared touchpoint');
	await alice.keyboard.press('Enter');
	await expect(bobPage.getByText('Shared touchpoint', { exact: true })).toBeVisible({ timeout: 1000 });

	// Bob's pointer shows on Alice's canvas with his name.
	const pane = (await bobPage.locator('.svelte-flow__pane').boundingBox())!;
	await bobPage.mouse.move(pane.x + pane.width / 2, pane.y + pane.height / 2);
	await bobPage.mouse.move(pane.x + pane.width / 2 + 30, pane.y + pane.height / 2 + 20, { steps: 3 });
	await expect(alice.locator('.cursor').filter({ hasText: 'Bob Live' })).toBeVisible({ timeout: 2000 });

	// Bob's edit reaches Alice too, and does not enter Alice's undo history.
	await bobPage.getByText('Shared touchpoint', { exact: true }).dblclick();
	await bobPage.getByRole('textbox', { name: 'Touchpoint name' }).fill('Shared touchpoint (Bob)');
	await bobPage.keyboard.press('Enter');
	await expect(alice.getByText('Shared touchpoint (Bob)', { exact: true })).toBeVisible({ timeout: 1000 });
	await alice.locator('.svelte-flow__pane').click({ position: { x: 5, y: 5 } });
	// Undo takes back Alice's own rename only: the text she replaced returns, Bob's addition stays.
	await alice.keyboard.press('Control+z');
	await expect(alice.getByText('New touchpoint (Bob)', { exact: true })).toBeVisible();
	await expect(bobPage.getByText('New touchpoint (Bob)', { exact: true })).toBeVisible({ timeout: 1000 });

	// Bob comments on the touchpoint and mentions Alice; Alice sees the badge and the thread live.
	await bobPage.getByText('New touchpoint (Bob)', { exact: true }).click();
	await bobPage.getByRole('tab', { name: 'Comments' }).click();
	const box = bobPage.getByRole('combobox', { name: /New comment on/ });
	await box.fill('Callers wait too long here — @Dem');
	await bobPage.getByRole('option', { name: '@Demo user' }).click();
	await box.press('End');
	await box.pressSequentially('please check');
	await bobPage.getByRole('button', { name: 'Comment', exact: true }).click();
	await expect(bobPage.getByRole('article', { name: 'Thread by Bob Live' })).toContainText('please check');

	await expect(alice.getByRole('button', { name: '1 open comment thread' })).toBeVisible({ timeout: 3000 });
	await alice.getByRole('button', { name: '1 open comment thread' }).click();
	const thread = alice.getByRole('article', { name: 'Thread by Bob Live' });
	await expect(thread).toContainText('Callers wait too long here');
	await expect(thread.locator('mark.mention')).toHaveText('@Demo user');
	await expect(thread).toContainText('Mentions you');

	// Alice resolves it; the badge goes on both sides.
	await thread.getByRole('button', { name: 'Resolve' }).click();
	await expect(alice.getByRole('button', { name: '1 open comment thread' })).toHaveCount(0);
	await expect(bobPage.getByRole('button', { name: '1 open comment thread' })).toHaveCount(0, { timeout: 3000 });
});
