import { expect, test } from '@playwright/test';
import { signInAsDemo } from '../support/e2e.js';

const JOURNEY = 'Home broadband: from search to renewal';
const TOUCHPOINT = 'Reviews on social media';

test('a team gets a demo touchpoint on the canvas, shows it on its page, filters Hotspots, and is deleted with a warning', async ({ page }) => {
	// Unique: specs share one app server, and the demo has teams of its own.
	const team = `Social care ${Date.now().toString(36)}`;
	await signInAsDemo(page);
	await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Teams' }).click();
	await expect(page.getByRole('heading', { name: 'Teams', level: 1 })).toBeVisible();
	const create = page.getByRole('region', { name: 'New team' });
	await create.getByLabel('Name').fill(team);
	await create.getByLabel('Description').fill('Answers reviews and social posts');
	await page.getByRole('button', { name: 'Create team' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'created' })).toHaveText(`Team “${team}” created.`);
	const row = page.getByRole('list', { name: 'Teams' }).getByRole('listitem').filter({ hasText: team });
	await expect(row.getByRole('definition').first()).toHaveText('0');
	// The same name again, in other letters, is refused in words.
	await create.getByLabel('Name').fill(team.toUpperCase());
	await create.getByRole('button', { name: 'Create team' }).click();
	await expect(page.getByRole('alert')).toHaveText(`There is already a team called “${team.toUpperCase()}”.`);

	// On the canvas: the Details tab of the touchpoint, Ownership, saved at once.
	await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Journeys' }).click();
	await page.getByRole('link', { name: JOURNEY, exact: true }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Saved · live' })).toBeVisible();
	await page.locator('.svelte-flow__node-touchpoint').filter({ hasText: TOUCHPOINT }).first().click();
	const ownership = page.getByRole('group', { name: 'Ownership' });
	await expect(ownership.getByLabel('Owning team')).toBeEnabled();
	await ownership.getByLabel('Owning team').selectOption({ label: team });
	await ownership.getByLabel('Responsible member').selectOption({ index: 1 });
	await expect(ownership.getByText('Owner saved.')).toBeVisible();
	// Kept: another touchpoint, then back, after a reload.
	await page.reload();
	await expect(page.getByRole('status').filter({ hasText: 'Saved · live' })).toBeVisible();
	await page.locator('.svelte-flow__node-touchpoint').filter({ hasText: TOUCHPOINT }).first().click();
	await expect(ownership.getByLabel('Owning team').locator('option:checked')).toHaveText(team);

	// The team's page lists it with its metrics against target (too few answers here) and links back to the canvas.
	await ownership.getByRole('link', { name: `${team}’s page` }).click();
	await expect(page.getByRole('heading', { name: team, level: 1 })).toBeVisible();
	await expect(page.getByRole('heading', { name: /^Touchpoints \(1\)/ })).toBeVisible();
	const tpRow = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: TOUCHPOINT }) });
	await expect(tpRow).toContainText(/not enough responses \(\d+ of 30 needed\)/);
	await expect(tpRow.getByRole('rowheader').getByRole('link')).toHaveAttribute('href', /\/journeys\/[0-9a-f-]{36}\?touchpoint=[0-9a-f-]{36}&panel=metrics$/);
	await expect(page.getByRole('heading', { name: 'Open actions (0)' })).toBeVisible();
	// Another period: in the URL, and carried to Hotspots.
	await page.getByLabel('Period').selectOption({ label: 'Last 90 days' });
	await expect(page).toHaveURL(/\/teams\/[0-9a-f-]{36}\?period=90d$/);
	await expect(page.getByRole('link', { name: 'See on Hotspots' })).toHaveAttribute('href', /\?team=[0-9a-f-]{36}&period=90d$/);
	await page.getByLabel('Period').selectOption({ label: 'All time' });
	await expect(page).toHaveURL(/\/teams\/[0-9a-f-]{36}$/);

	// Hotspots filtered by the team: the URL says so, a reload keeps it, the CSV names the team.
	await page.getByRole('link', { name: 'See on Hotspots' }).click();
	await expect(page).toHaveURL(/\/hotspots\?team=[0-9a-f-]{36}$/);
	const teamFilter = page.getByRole('combobox', { name: /^Team\b/ });
	await expect(teamFilter.locator('option:checked')).toHaveText(team);
	const body = page.getByRole('table').locator('tbody tr');
	await expect(body).toHaveCount(1);
	await expect(body.first().getByRole('rowheader')).toHaveText(TOUCHPOINT);
	await expect(body.first().getByRole('link', { name: team })).toBeVisible();
	await expect(body.first().getByRole('link', { name: `Create action for ${TOUCHPOINT}` })).toHaveAttribute(
		'href',
		/\/actions\/new\?journey=[0-9a-f-]{36}&touchpoint=[0-9a-f-]{36}$/
	);
	const exportHref = await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
	expect(exportHref).toMatch(/export\.csv\?team=/);
	expect(await (await page.request.get(exportHref!)).text()).toContain(`,${team},`);

	// Every team: grouped under team headings (the demo's own teams too), the unowned last.
	await teamFilter.selectOption({ label: 'All teams' });
	await expect(page).not.toHaveURL(/team=/);
	await page.getByLabel('Group by team').check();
	await expect(page).toHaveURL(/\?group=team$/);
	const headings = page.getByRole('table').locator('tbody tr.group th');
	await expect(headings.filter({ hasText: team })).toHaveText(`${team} · 1 touchpoint`);
	await expect(headings.last()).toHaveText(/^No team · \d+ touchpoints?$/);

	// Delete it: the confirmation says what loses the team.
	await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Teams' }).click();
	await row.getByRole('button', { name: 'Delete' }).click();
	const dialog = page.getByRole('dialog', { name: `Delete the team “${team}”?` });
	await expect(dialog).toContainText('1 touchpoint loses its team: it stays, without a team');
	await dialog.getByRole('button', { name: 'Delete' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Team deleted' })).toBeVisible();
	await expect(row).toHaveCount(0);
});

test('a viewer reads teams and owners but changes nothing', async ({ page, browser }) => {
	const viewer = { email: `vera-${Date.now().toString(36)}@example.test`, password: 'vera-password-1' };
	await signInAsDemo(page);
	await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Settings' }).click();
	await page.getByLabel('Email').fill(viewer.email);
	await page.getByLabel('Role', { exact: true }).selectOption('viewer');
	await page.getByRole('button', { name: 'Invite' }).click();
	await expect(page.getByRole('status')).toContainText(`${viewer.email} is invited as viewer`);

	const context = await browser.newContext();
	const other = await context.newPage();
	await other.goto('/signup');
	await other.getByLabel('Your name').fill('Vera Viewer');
	await other.getByLabel('Email').fill(viewer.email);
	await other.getByLabel(/Password/).fill(viewer.password);
	await other.getByRole('button', { name: 'Create account' }).click();
	await expect(other).toHaveURL(/\/w\/[0-9a-f-]+\/journeys$/);
	const nav = other.getByRole('navigation', { name: 'Sections' });

	// Teams: the list and its counts, no form, no rename or delete.
	await nav.getByRole('link', { name: 'Teams' }).click();
	await expect(other.getByRole('list', { name: 'Teams' }).getByRole('link', { name: 'Support hotline' })).toBeVisible();
	await expect(other.getByRole('region', { name: 'New team' })).toHaveCount(0);
	await expect(other.getByRole('button', { name: /^(Rename|Delete)/ })).toHaveCount(0);

	// The canvas: the demo's owner of the touchpoint, as text.
	await nav.getByRole('link', { name: 'Journeys' }).click();
	await other.getByRole('link', { name: JOURNEY, exact: true }).click();
	await expect(other.getByRole('status').filter({ hasText: 'View only' })).toBeVisible();
	await other.locator('.svelte-flow__node-touchpoint').filter({ hasText: 'Support chat' }).first().click();
	const ownership = other.getByRole('group', { name: 'Ownership' });
	await expect(ownership).toContainText('Team: Support hotline');
	await expect(ownership.getByRole('combobox')).toHaveCount(0);

	// Hotspots: the team column, no Create action.
	await nav.getByRole('link', { name: 'Hotspots' }).click();
	await expect(other.getByRole('table').getByRole('link', { name: 'Support hotline' }).first()).toBeVisible();
	await expect(other.getByRole('link', { name: /^Create action/ })).toHaveCount(0);
	await context.close();

	// Leave the demo workspace as it was for the other specs (she joined after this page loaded).
	await page.reload();
	await page.getByRole('listitem').filter({ hasText: viewer.email }).getByRole('button', { name: 'Remove' }).click();
	await page.getByRole('dialog', { name: `Remove ${viewer.email}?` }).getByRole('button', { name: 'Remove' }).click();
	await expect(page.getByRole('listitem').filter({ hasText: viewer.email })).toHaveCount(0);
});
