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
