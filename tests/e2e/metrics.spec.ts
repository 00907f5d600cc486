import { expect, test, type Page } from '@playwright/test';
import { signInAsDemo } from '../support/e2e.js';

const JOURNEY = 'Home broadband: from search to renewal';

async function openDemoJourney(page: Page) {
	await signInAsDemo(page);
	await page.getByRole('link', { name: JOURNEY, exact: true }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Saved · live' })).toBeVisible();
}

const touchpoint = (page: Page, name: string) => page.locator('.svelte-flow__node-touchpoint').filter({ hasText: name }).first();
const card = (page: Page, metric: string) => page.getByRole('group', { name: metric, exact: true });
const nOf = async (page: Page, metric: string) => Number((await card(page, metric).innerText()).match(/n = (\d+)/)![1]);

test('the demo journey shows metrics against target on the canvas and the evidence in the Metrics tab', async ({ page }) => {
	await openDemoJourney(page);

	// Badges on the nodes: the support chat misses its NPS target, with n and target in words.
	const chat = touchpoint(page, 'Support chat');
	await expect(chat.getByRole('listitem').filter({ hasText: /^▼NPS -\d+$/ })).toHaveAttribute('aria-label', /NPS -\d+ \(n=\d+\), misses target \+30/);
	// The thin touchpoint never shows a coloured value.
	await expect(touchpoint(page, 'Reviews on social media').getByRole('listitem').first()).toHaveAttribute('aria-label', /not enough responses \(\d+ of 30 needed\)/);

	// With nothing selected the tab ranks the touchpoints; a click opens one.
	await page.getByRole('tab', { name: 'Metrics' }).click();
	const panel = page.getByRole('region', { name: 'Metrics' });
	await expect(panel.getByRole('heading', { name: 'Touchpoints' })).toBeVisible();
	await expect(panel.getByRole('heading', { name: 'Journey outcomes' })).toBeVisible();
	await panel.getByRole('button', { name: /^Support chat/ }).click();
	await expect(panel.getByRole('heading', { name: 'Support chat' })).toBeVisible();

	// Cards: value, interval, n, target.
	await expect(card(page, 'NPS')).toContainText(/below target \+30/);
	await expect(card(page, 'NPS')).toContainText(/95% CI -?\d+ – -?\d+ · n = \d+/);
	await expect(card(page, 'TTR')).toContainText(/open/);
	const everyone = await nOf(page, 'NPS');
	expect(everyone).toBeGreaterThan(100);

	// Charts drawn from the RPCs, with text alternatives.
	await expect(panel.getByRole('img', { name: /^Answers per score \(\d+ in all\)/ })).toBeVisible();
	await expect(panel.getByRole('img', { name: /^Trend: \d{4}-\d{2}-\d{2}/ })).toBeVisible();
	await expect(panel.getByText(/^\d+ of \d+ comments$/)).toBeVisible();
	await panel.getByRole('searchbox', { name: 'Search comments' }).fill('zzzz-no-such-words');
	await expect(panel.getByText('No comment matches.')).toBeVisible();
	await panel.getByRole('searchbox', { name: 'Search comments' }).fill('');

	// A persona filter narrows every number in the panel.
	await panel.getByLabel('Persona').selectOption({ label: 'Maya, the remote worker' });
	await expect.poll(() => nOf(page, 'NPS')).toBeLessThan(everyone);
	await expect(panel.getByText('Service times are not split by persona')).toBeVisible();
	await panel.getByRole('button', { name: 'Clear filters' }).click();
	await expect.poll(() => nOf(page, 'NPS')).toBe(everyone);

	// The thin touchpoint says so instead of showing a number (opened from the overview list).
	await page.locator('.svelte-flow__pane').click({ position: { x: 15, y: 15 } });
	await panel.getByRole('button', { name: /^Reviews on social media/ }).click();
	await expect(panel.getByRole('heading', { name: 'Reviews on social media' })).toBeVisible();
	await expect(card(page, 'CSAT')).toContainText(/Not enough responses|No data yet/);
});

test('targets set in Settings change what meets target, and a journey override wins', async ({ page }) => {
	await signInAsDemo(page);
	await page.getByRole('link', { name: 'Settings' }).click();
	const section = page.getByRole('region', { name: 'Metric targets' });
	await expect(section.getByText('No journey overrides')).toBeVisible();

	// Out of range is refused with the reason, nothing saved.
	await section.getByLabel(/^NPS/).fill('-80');
	await section.getByLabel(/^CES/).fill('9');
	await section.getByRole('button', { name: 'Save targets' }).click();
	// The browser's own range check stops it first; bypass it to test the server's answer.
	await section.getByLabel(/^CES/).evaluate((input: HTMLInputElement) => input.removeAttribute('max'));
	await section.getByRole('button', { name: 'Save targets' }).click();
	await expect(page.getByRole('alert')).toHaveText(/CES must be at most 7/);
	await section.getByLabel(/^CES/).fill('5.5');
	await section.getByRole('button', { name: 'Save targets' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Targets saved.' })).toBeVisible();

	// NPS target -80: the support chat (NPS around -70) now meets it.
	await page.getByRole('link', { name: 'Journeys' }).click();
	await page.getByRole('link', { name: JOURNEY, exact: true }).click();
	await expect(touchpoint(page, 'Support chat').getByRole('listitem').filter({ hasText: /NPS/ })).toHaveAttribute('aria-label', /meets target -80/);

	// A journey override of +50 wins over the workspace's -80.
	await page.getByRole('link', { name: 'Settings' }).click();
	await section.getByLabel('Journey').selectOption({ label: JOURNEY });
	await section.getByLabel('Metric').selectOption({ label: 'NPS' });
	await section.getByLabel('Target', { exact: true }).fill('50');
	await section.getByRole('button', { name: 'Add override' }).click();
	await expect(section.getByText(/NPS \+50/)).toBeVisible();
	await page.getByRole('link', { name: 'Journeys' }).click();
	await page.getByRole('link', { name: JOURNEY, exact: true }).click();
	await expect(touchpoint(page, 'Support chat').getByRole('listitem').filter({ hasText: /NPS/ })).toHaveAttribute('aria-label', /misses target \+50/);

	// Put the demo back as it was for the other specs.
	await page.getByRole('link', { name: 'Settings' }).click();
	await section.getByRole('button', { name: /Remove the NPS target/ }).click();
	await expect(section.getByText('No journey overrides')).toBeVisible();
	await section.getByLabel(/^NPS/).fill('30');
	await section.getByRole('button', { name: 'Save targets' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Targets saved.' })).toBeVisible();
});

test('the friction overlay marks the demo’s worst touchpoints, explains them, and follows the persona and replay', async ({ page }) => {
	await openDemoJourney(page);
	const controls = page.getByRole('group', { name: 'Friction overlay' });
	await page.keyboard.press('h');
	await expect(controls.getByRole('checkbox', { name: /Friction overlay/ })).toBeChecked();
	await expect(controls.getByRole('status')).toHaveText(/^\d+ hotspots?$/);
	const count = Number((await controls.getByRole('status').innerText()).split(' ')[0]);
	expect(count).toBeGreaterThanOrEqual(3);

	// The demo's worst touchpoints are marked in words, with the evidence behind them.
	for (const [name, reason] of [
		['Support chat', /comments negative — top theme: bot loops/],
		['Installation booking (IVR)', /NPS −\d+ vs target \+30 \(n=\d+\)/],
		['First bill', /comments negative — top theme: unexpected charges/]
	] as const) {
		const tag = touchpoint(page, name).getByRole('button', { name: /^Hotspot \d+ at / });
		await expect(tag).toHaveAttribute('aria-label', reason);
		await expect(tag).toContainText('Hotspot');
	}
	// A calm touchpoint is tinted but not a hotspot; stage headers name their worst touchpoint.
	await expect(touchpoint(page, 'Search ad and landing page').getByRole('button', { name: /^Friction \d+ at / })).toBeVisible();
	await expect(page.getByRole('region', { name: 'Stage 5: Get help' }).getByText(/^Worst: Support chat \(\d+\)$/)).toBeVisible();
	// The measured experience is drawn beside the expected emotion.
	await expect(page.getByText('measured from answers (95% band)')).toBeVisible();
	await expect(page.getByText(/^Measured experience per stage: Discover: -?\d\.\d measured/)).toBeAttached();

	// Keyboard focus shows the explanation too.
	const chat = touchpoint(page, 'Support chat').getByRole('button', { name: /^Hotspot/ });
	await chat.focus();
	await expect(chat.getByRole('tooltip')).toBeVisible();

	// One persona: everything is recomputed for their answers.
	await controls.getByLabel('Persona').selectOption({ label: 'Lena, the student' });
	await expect(controls.getByRole('status')).toHaveText(/^\d+ hotspots?$/);
	await expect(page.getByRole('tab', { name: 'Metrics' })).toBeVisible();
	await page.getByRole('tab', { name: 'Metrics' }).click();
	await expect(page.getByRole('region', { name: 'Metrics' }).getByLabel('Persona')).toHaveValue(/.+/);

	// Replay: 26 weeks back, the 90 days before that date.
	await controls.getByLabel('Persona').selectOption({ label: 'Everyone' });
	await controls.getByRole('slider').fill('0');
	await expect(controls.getByRole('status')).toHaveText(/hotspots? as of /);
	await expect(controls.getByText('Replay: 26 weeks ago')).toBeVisible();

	// Off again: no tags.
	await controls.getByRole('checkbox', { name: /Friction overlay/ }).uncheck();
	await expect(page.getByRole('button', { name: /^Hotspot \d+ at / })).toHaveCount(0);
});

test('a survey opened from the panel: a respondent answers from another browser and the open panel counts it live', async ({ page, browser }) => {
	await openDemoJourney(page);
	await page.getByRole('tab', { name: 'Metrics' }).click();
	const panel = page.getByRole('region', { name: 'Metrics' });
	await panel.getByRole('button', { name: /^Order confirmation email/ }).click();
	await expect(panel.getByRole('heading', { name: 'Order confirmation email' })).toBeVisible();
	const before = await nOf(page, 'NPS');

	const form = panel.getByRole('form', { name: 'Open a survey' });
	await form.getByLabel('Metric').selectOption('nps');
	await form.getByLabel('Question').fill('How likely are you to recommend us after this email?');
	await form.getByRole('button', { name: 'Open survey' }).click();
	const card = panel.getByRole('article', { name: 'NPS survey: How likely are you to recommend us after this email?' });
	await expect(card).toBeVisible();
	await expect(card.getByRole('img', { name: 'QR code of the survey link' })).toBeVisible();
	const link = await card.getByRole('textbox', { name: 'Public link' }).inputValue();

	// The respondent: another browser, no session, no JavaScript.
	const respondent = await browser.newContext({ javaScriptEnabled: false });
	const survey = await respondent.newPage();
	await survey.goto(link);
	await survey.getByRole('radio', { name: '3', exact: true }).check();
	await survey.getByLabel(/Anything you would like to add/).fill('The email never arrived, I had to call.');
	await survey.getByRole('button', { name: 'Send answer' }).click();
	await expect(survey.getByRole('heading', { name: 'Thank you!' })).toBeVisible();
	await respondent.close();

	// The open panel reloads on the server's notice: one more NPS answer, the comment listed.
	await expect.poll(() => nOf(page, 'NPS'), { timeout: 10_000 }).toBe(before + 1);
	await expect(panel.getByText('The email never arrived, I had to call.')).toBeVisible();
});
