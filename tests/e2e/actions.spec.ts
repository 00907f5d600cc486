import { expect, test, type Page } from '@playwright/test';
import { signInAsDemo } from '../support/e2e.js';

const DAY = 86_400_000;
const isoDay = (offset: number) => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);
const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name });
const column = (page: Page, name: string) => page.getByRole('region', { name: new RegExp(`^${name}`) });

test('from a hotspot to an owned action, moved across the board, marked done, with its impact card', async ({ page }) => {
	await signInAsDemo(page);
	await nav(page, 'Hotspots').click();
	await page.getByRole('link', { name: 'Create action for Support chat' }).first().click();

	// The form arrives filled from the hotspot: title, why, and the metric it leads with.
	await expect(page.getByRole('heading', { name: /^New action on/ })).toBeVisible();
	await expect(page.getByLabel('Title')).toHaveValue('Reduce friction at Support chat');
	await expect(page.getByRole('note')).toContainText(/CSAT 21% vs target 80%/);
	await expect(page.getByLabel('Should move')).toHaveValue('csat');
	const title = `Human handover in chat ${Date.now()}`;
	await page.getByLabel('Title').fill(title);
	await page.getByLabel('Owner').selectOption({ label: 'Demo user' });
	await page.getByLabel('Team').selectOption({ label: 'Support hotline' });
	await page.getByLabel('Due').fill(isoDay(14));
	await page.getByRole('button', { name: 'Create action' }).click();
	await expect(page.getByRole('heading', { name: title, level: 1 })).toBeVisible();
	await expect(page.getByRole('status')).toContainText('Action created.');
	await expect(page.getByText('Proposed', { exact: true }).first()).toBeVisible();
	await expect(page.getByText(/owner Demo user/)).toBeVisible();

	// The board: drag it from Proposed to In progress.
	await nav(page, 'Actions').click();
	const card = page.getByRole('listitem', { name: title });
	await expect(column(page, 'Proposed').getByRole('listitem', { name: title })).toBeVisible();
	await card.dragTo(column(page, 'In progress'));
	await expect(column(page, 'In progress').getByRole('listitem', { name: title })).toBeVisible();
	await page.reload();
	await expect(column(page, 'In progress').getByRole('listitem', { name: title })).toBeVisible();

	// Done from the keyboard: the status select asks for the ship date first.
	await card.getByLabel(`Status of ${title}`).selectOption('done');
	const dialog = page.getByRole('dialog', { name: /When did .* ship\?/ });
	await expect(dialog).toBeVisible();
	await dialog.getByLabel('Shipped on').fill(isoDay(-30));
	await dialog.getByRole('button', { name: 'Mark done' }).click();
	await expect(column(page, 'Done').getByRole('listitem', { name: title })).toBeVisible();
	await expect(column(page, 'Done').getByRole('listitem', { name: title })).toContainText(`Shipped ${isoDay(-30)}`);

	// Its page: the impact of the 28 days either side, and the history of the moves.
	await column(page, 'Done').getByRole('link', { name: title }).click();
	await expect(page.getByRole('heading', { name: 'Impact' })).toBeVisible();
	await expect(page.getByTestId('impact-verdict')).toHaveText(/CSAT|Not enough data/);
	await expect(page.getByRole('row', { name: /^CSAT/ })).toBeVisible();
	await expect(page.getByRole('img', { name: /by week around the ship date/ })).toBeVisible();
	const history = page.getByRole('region', { name: 'History and comments' });
	await expect(history).toContainText('moved it from Proposed to In progress');
	await expect(history).toContainText('moved it from In progress to Done');
	await history.getByLabel('Comment').fill('Rolled out to all chat queues.');
	await history.getByRole('button', { name: 'Add comment' }).click();
	await expect(history).toContainText('Rolled out to all chat queues.');

	// The canvas: the open-action badge is gone (done), the Actions tab lists it on its touchpoint.
	await page.getByRole('link', { name: 'Support chat' }).first().click();
	// The link opens the touchpoint's Metrics tab once the map has arrived; then switch tabs.
	await expect(page.getByRole('tabpanel').getByRole('heading', { name: 'Support chat', level: 2 })).toBeVisible();
	await page.getByRole('tab', { name: 'Actions' }).click();
	await expect(page.getByRole('heading', { name: 'Actions on Support chat' })).toBeVisible();
	await expect(page.getByRole('link', { name: title })).toBeVisible();
});

test("the demo's done action shows a significant CES rise, and the window can be changed", async ({ page }) => {
	await signInAsDemo(page);
	await nav(page, 'Actions').click();
	await column(page, 'Done').getByRole('link', { name: 'Rewrite the Wi-Fi help as step-by-step guides' }).click();
	await expect(page.getByTestId('impact-verdict')).toHaveText(/^CES rose by 1\.\d ± 0\.\d\.$/);
	const ces = page.getByRole('row', { name: /^CES/ });
	await expect(ces).toContainText('Improved');
	await expect(ces).toContainText(/n=\d{2}/);
	await page.getByLabel('Compare').selectOption('7');
	await expect(page).toHaveURL(/window=7/);
	await expect(page.getByRole('row', { name: /^CES/ })).toBeVisible();

	// The open ones: the planned IVR action is overdue, and a viewer-free list view sorts by due date.
	await nav(page, 'Actions').click();
	await expect(column(page, 'Planned').getByRole('listitem', { name: 'Cut the installation IVR menu to three choices' })).toContainText('Overdue');
	await page.getByRole('link', { name: 'List' }).click();
	await page.getByLabel('Sort').selectOption('due');
	await expect(page).toHaveURL(/sort=due/);
	await expect(page.getByRole('table')).toContainText('(overdue)');
});

test("the journey's touchpoint list in the Metrics tab filters and groups by owning team", async ({ page }) => {
	await signInAsDemo(page);
	await page.getByRole('link', { name: 'Home broadband: from search to renewal', exact: true }).click();
	await page.getByRole('tab', { name: 'Metrics' }).click();
	const panel = page.getByRole('tabpanel');
	await panel.getByLabel('Team', { exact: true }).selectOption({ label: 'Billing' });
	await expect(panel.locator('.list .name')).toHaveCount(3);
	expect((await panel.locator('.list .name').allInnerTexts()).sort()).toEqual(['Autopay setup', 'First bill', 'Renewal offer']);
	await panel.getByLabel('Team', { exact: true }).selectOption({ label: 'All teams' });
	await panel.getByLabel('Group by team').check();
	await expect(panel.getByRole('heading', { level: 3 })).toHaveText([/^Billing/, /^Digital/, /^Field operations/, /^Support hotline/, /^No team/]);
});
