import { expect, test, type Page } from '@playwright/test';
import { signIn } from '../support/e2e.js';

const unique = Date.now().toString(36);
const viewer = { email: `vera-vote-${unique}@example.test`, name: 'Vera Voter', password: 'vera-vote-password' };

/** A touchpoint node by its exact name. */
const node = (page: Page, name: string) => page.locator('.svelte-flow__node-touchpoint').filter({ has: page.getByText(name, { exact: true }) });

test('a dot-voting round and a countdown with a facilitator and a viewer in two browsers', async ({ browser }) => {
	test.setTimeout(90_000);
	const alice = await (await browser.newContext()).newPage();
	await signIn(alice, 'demo@journey.studio', 'journey-demo');

	// The facilitator invites a viewer and starts a journey from a template.
	await alice.getByRole('link', { name: 'Settings' }).click();
	await alice.getByLabel('Email').fill(viewer.email);
	await alice.getByLabel('Role', { exact: true }).selectOption('viewer');
	await alice.getByRole('button', { name: 'Invite' }).click();
	await expect(alice.getByRole('status')).toContainText('is invited as viewer');
	await alice.getByRole('link', { name: 'Journeys' }).click();
	await alice.getByRole('button', { name: 'New journey' }).click();
	await alice.getByRole('radio', { name: /Telecom support/ }).check();
	await alice.getByLabel('Name', { exact: true }).fill(`Workshop ${unique}`);
	await alice.getByRole('button', { name: 'Create journey' }).click();
	await expect(alice.getByRole('status').filter({ hasText: 'Saved · live' })).toBeVisible();
	const journeyUrl = alice.url();

	const vera = await (await browser.newContext()).newPage();
	await vera.goto('/signup');
	await vera.getByLabel('Your name').fill(viewer.name);
	await vera.getByLabel('Email').fill(viewer.email);
	await vera.getByLabel(/Password/).fill(viewer.password);
	await vera.getByRole('button', { name: 'Create account' }).click();
	await expect(vera).toHaveURL(/\/journeys$/);
	await vera.goto(journeyUrl);
	await expect(node(vera, 'Hotline and IVR')).toBeVisible();
	// Viewers do not facilitate.
	await expect(vera.getByText('Workshop', { exact: true })).toHaveCount(0);

	// Alice starts a round of 3 votes each; Vera sees the banner live.
	await alice.getByText('Workshop', { exact: true }).click();
	await alice.getByLabel('Votes per person').fill('3');
	await alice.getByRole('button', { name: 'Start voting' }).click();
	await expect(alice.getByRole('region', { name: 'Dot voting' })).toContainText('3 of 3 votes left');
	const veraBanner = vera.getByRole('region', { name: 'Dot voting' });
	await expect(veraBanner).toContainText('3 of 3 votes left', { timeout: 3000 });

	// Alice puts two dots on the hotline (the second with the keyboard), Vera one on the chat and one on the hotline.
	await alice.getByRole('button', { name: 'Vote for Hotline and IVR, 0 of 3 votes used' }).click();
	const again = alice.getByRole('button', { name: 'Vote for Hotline and IVR, 1 of 3 votes used' });
	await again.focus();
	await alice.keyboard.press('Enter');
	await expect(alice.getByRole('region', { name: 'Dot voting' })).toContainText('1 of 3 votes left');
	await vera.getByRole('button', { name: 'Vote for Support chat, 0 of 3 votes used' }).click();
	await vera.getByRole('button', { name: 'Vote for Hotline and IVR, 1 of 3 votes used' }).click();
	await expect(veraBanner).toContainText('1 of 3 votes left');
	await expect(veraBanner).toContainText('2 people have voted', { timeout: 3000 });
	// The banner folds to one line to see the map behind it.
	await veraBanner.getByRole('button', { name: 'Fold the voting panel' }).click();
	await expect(veraBanner).toHaveText(/Dot voting: 1 of 3 left/);
	await veraBanner.getByRole('button', { name: 'Show the voting panel' }).click();

	// Before the reveal Vera sees only her own dot on the hotline, not Alice's two.
	await expect(node(vera, 'Hotline and IVR').getByRole('button', { name: /Vote for Hotline and IVR/ })).toHaveText('● 1');
	await expect(node(alice, 'Support chat').getByRole('button', { name: /Vote for Support chat/ })).toHaveText('● 0');
	// Taking a vote back frees it.
	await vera.getByRole('button', { name: 'Take back a vote from Support chat' }).click();
	await expect(veraBanner).toContainText('2 of 3 votes left');
	await vera.getByRole('button', { name: 'Vote for Support chat, 1 of 3 votes used' }).click();

	// Reveal: both see the counts on the nodes and the ranked list.
	await alice.getByRole('region', { name: 'Dot voting' }).getByRole('button', { name: 'Reveal votes' }).click();
	for (const page of [alice, vera]) {
		await expect(page.getByRole('img', { name: '3 votes for Hotline and IVR' })).toBeVisible({ timeout: 3000 });
		await expect(page.getByRole('img', { name: '1 vote for Support chat' })).toBeVisible();
		const results = page.getByRole('list', { name: 'Ranked results' }).getByRole('listitem');
		await expect(results).toHaveCount(2);
		await expect(results.first()).toContainText(/1\.\s*Hotline and IVR\s*3 votes/);
		await expect(results.nth(1)).toContainText(/2\.\s*Support chat\s*1 vote/);
	}
	await expect(alice.getByRole('link', { name: 'Create an action for Hotline and IVR' })).toHaveAttribute('href', /\/actions\/new\?journey=.+&touchpoint=/);
	await expect(vera.getByRole('link', { name: /Create an action/ })).toHaveCount(0);

	// A 2-minute countdown shows on Vera's canvas; pausing stops it there too.
	await alice.getByText('Workshop', { exact: true }).click();
	await alice.getByLabel('Duration (minutes or m:ss)').fill('2:00');
	await alice.getByRole('button', { name: 'Start timer' }).click();
	const veraClock = vera.getByRole('timer');
	await expect(veraClock).toHaveText(/^(2:00|1:5\d)$/, { timeout: 3000 });
	await expect(vera.getByRole('region', { name: 'Workshop timer' })).toContainText('of 2:00');
	await alice.getByRole('region', { name: 'Workshop timer' }).getByRole('button', { name: 'Pause' }).click();
	await expect(vera.getByRole('region', { name: 'Workshop timer' })).toContainText('Paused', { timeout: 3000 });
	const pausedAt = await veraClock.textContent();
	await vera.waitForTimeout(1500);
	await expect(veraClock).toHaveText(pausedAt!);
	await expect(vera.getByRole('region', { name: 'Workshop timer' }).getByRole('button', { name: 'Pause' })).toHaveCount(0);
	// The room's presentation of the journey shows the same countdown.
	const room = await vera.context().newPage();
	await room.goto(`/present/${journeyUrl.split('/').pop()}`);
	await expect(room.getByRole('timer', { name: `Workshop timer: ${pausedAt} left, paused` })).toBeVisible();
	await room.close();

	// A short one reaches zero on both sides.
	await alice.getByText('Workshop', { exact: true }).click();
	await alice.getByLabel('Duration (minutes or m:ss)').fill('0:02');
	await alice.getByRole('button', { name: 'Restart timer' }).click();
	await vera.getByRole('button', { name: 'Enlarge' }).click();
	await expect(vera.getByRole('region', { name: 'Workshop timer' })).toContainText('Time is up', { timeout: 6000 });
	await vera.keyboard.press('Escape');
	await expect(vera.getByRole('button', { name: 'Enlarge' })).toBeVisible();
	await expect(veraClock).toHaveText('0:00');

	// Stop and close: both canvases are clear again.
	await alice.getByRole('button', { name: 'Stop timer' }).click();
	await alice.getByRole('region', { name: 'Dot voting' }).getByRole('button', { name: 'Close round' }).click();
	await expect(vera.getByRole('timer')).toHaveCount(0, { timeout: 3000 });
	await expect(vera.getByRole('region', { name: 'Dot voting' })).toHaveCount(0);
	await expect(vera.getByRole('img', { name: /votes? for/ })).toHaveCount(0);
});
