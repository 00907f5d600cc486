import { expect, test, type Page } from '@playwright/test';
import { signInAsDemo } from '../support/e2e.js';

const JOURNEY = 'Home broadband: from search to renewal';
const slideTitle = (page: Page) => page.locator('main .slide-title');
const counter = (page: Page) => page.getByText(/^Slide \d+ of \d+$/);

test('presenting the demo journey: keyboard, blanking, theme, presenter view driving the room, speaker notes, PDF', async ({ page, context }) => {
	await signInAsDemo(page);
	await page.getByRole('link', { name: JOURNEY, exact: true }).click();
	await page.getByRole('link', { name: 'Present', exact: true }).click();
	await expect(page).toHaveURL(/\/present\/[0-9a-f-]{36}$/);
	const journeyUrl = page.url().replace(/\/present\/.*/, '');
	const journeyId = page.url().split('/present/')[1]!;

	// Another spec run on this server may have left the live position elsewhere: start from the top.
	await expect(page.getByText('Live: you move the room')).toBeVisible();
	await page.keyboard.press('Home');
	await expect(slideTitle(page)).toHaveText(JOURNEY);
	await expect(page.getByLabel('Keyboard shortcuts')).toContainText('full screen');
	const total = Number((await counter(page).innerText()).match(/of (\d+)/)![1]);
	// Title, three personas, six stages, closing.
	expect(total).toBeGreaterThanOrEqual(11);

	// Step through with the keyboard.
	await page.keyboard.press('ArrowRight');
	await expect(slideTitle(page)).toHaveText('Daniel, the busy parent');
	await page.keyboard.press('Space');
	await expect(counter(page)).toHaveText(`Slide 3 of ${total}`);
	await page.keyboard.press('End');
	await expect(slideTitle(page)).toHaveText('Where it hurts most');
	await expect(page.locator('main')).toContainText('Installation booking (IVR)');
	await page.keyboard.press('PageUp');
	await expect(slideTitle(page)).toHaveText('Pay and renew');
	// A stage slide: touchpoints with metrics against target, the hotspot marked, a verbatim.
	await expect(page.locator('main')).toContainText('First bill');
	await expect(page.locator('main')).toContainText('Hotspot');
	await expect(page.locator('main')).toContainText(/NPS\s*−?-?\d+/);
	await expect(page.locator('main figure blockquote')).toBeVisible();
	await page.keyboard.press('ArrowLeft');
	await expect(slideTitle(page)).toHaveText('Get help');
	await page.keyboard.press('PageDown');
	await expect(slideTitle(page)).toHaveText('Pay and renew');

	// B blanks the screen; any key brings the same slide back.
	await page.keyboard.press('b');
	await expect(page.locator('.player.blanked')).toBeVisible();
	await expect(slideTitle(page)).toHaveCount(0);
	await page.keyboard.press('x');
	await expect(slideTitle(page)).toHaveText('Pay and renew');

	// T switches the theme, and the choice is remembered.
	await page.keyboard.press('t');
	await expect(page.locator('.player.slide-theme-light')).toBeVisible();
	await page.reload();
	await expect(page.locator('.player.slide-theme-light')).toBeVisible();
	await page.keyboard.press('t');
	await expect(page.locator('.player.slide-theme-dark')).toBeVisible();
	await page.keyboard.press('Home');
	await expect(slideTitle(page)).toHaveText(JOURNEY);

	// The presenter view in a second window: current and next slide, a timer; it drives the room.
	const [presenter] = await Promise.all([context.waitForEvent('page'), page.getByRole('button', { name: 'Presenter view' }).click()]);
	await presenter.waitForLoadState();
	await expect(presenter.getByRole('heading', { name: `Now: ${JOURNEY}` })).toBeVisible();
	await expect(presenter.getByRole('heading', { name: 'Next: Daniel, the busy parent' })).toBeVisible();
	await expect(presenter.getByLabel('Elapsed time')).toHaveText(/^\d\d:\d\d$/);
	await expect(presenter.getByText('Live: the room follows you')).toBeVisible();
	await presenter.getByRole('button', { name: 'Next →' }).click();
	await expect(slideTitle(page)).toHaveText('Daniel, the busy parent');
	await presenter.keyboard.press('ArrowRight');
	await expect(presenter.getByRole('heading', { name: 'Now: Lena, the student' })).toBeVisible();
	await expect(slideTitle(page)).toHaveText('Lena, the student');

	// A viewer who opens the same link later starts on the presenter's slide and follows.
	const follower = await context.newPage();
	await follower.goto(`/present/${journeyId}`);
	await expect(slideTitle(follower)).toHaveText('Lena, the student');
	await presenter.getByRole('button', { name: 'Blank the screen' }).click();
	await expect(page.locator('.player.blanked')).toBeVisible();
	await expect(follower.locator('.player.blanked')).toBeVisible();
	await presenter.getByRole('button', { name: 'Show the slide' }).click();
	await expect(slideTitle(follower)).toHaveText('Lena, the student');

	// Speaker notes per slide, saved and there after a reload.
	const note = `Ask who shares a flat (${Date.now()})`;
	await presenter.getByLabel(/Speaker notes for/).fill(note);
	await presenter.getByRole('button', { name: 'Save note' }).click();
	await expect(presenter.getByText('Note saved')).toBeVisible();
	await presenter.reload();
	await expect(presenter.getByRole('heading', { name: 'Now: Lena, the student' })).toBeVisible();
	await expect(presenter.getByLabel(/Speaker notes for/)).toHaveValue(note);
	await presenter.getByRole('button', { name: 'Next →' }).click();
	await expect(presenter.getByLabel(/Speaker notes for/)).not.toHaveValue(note);
	await presenter.close();
	await follower.close();

	// Save as PDF: one landscape page per slide.
	const pdf = (await page.pdf({ preferCSSPageSize: true, printBackground: true })).toString('latin1');
	const pages = pdf.match(/\/Type\s*\/Page(?!s)/g) ?? [];
	expect(pages.length).toBe(total);
	const box = pdf.match(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/);
	expect(Number(box![1])).toBeGreaterThan(Number(box![2]));

	// Esc leaves for the journey's canvas.
	await page.keyboard.press('Escape');
	await expect(page).toHaveURL(new RegExp(`${journeyUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/w/[0-9a-f-]{36}/journeys/${journeyId}$`));
});

test('a viewer follows the presenter but cannot drive; the live endpoints refuse bad input and strangers', async ({ page, browser }) => {
	await signInAsDemo(page);
	await page.getByRole('link', { name: JOURNEY, exact: true }).click();
	await page.getByRole('link', { name: 'Present', exact: true }).click();
	await expect(page).toHaveURL(/\/present\/[0-9a-f-]{36}$/);
	const journeyId = page.url().split('/present/')[1]!;
	const move = (p: Page, body: unknown) => p.request.post(`/api/present/${journeyId}/state`, { data: body });
	expect((await move(page, { index: 0, key: 'title', blank: 'yes', client: 'abcdefgh12' })).status()).toBe(400);
	expect((await move(page, { index: 999, key: 'title', blank: false, client: 'abcdefgh12' })).status()).toBe(400);
	expect((await move(page, { index: 0, key: 'stage:none', blank: false, client: 'abcdefgh12' })).status()).toBe(400);
	const ok = await move(page, { index: 0, key: 'title', blank: false, client: 'abcdefgh12' });
	expect(ok.status()).toBe(200);
	expect(await ok.json()).toMatchObject({ index: 0, key: 'title', blank: false });

	// A viewer of the workspace: follows, steps on their own (and can follow again), never moves the room.
	const viewer = { email: `pia-${Date.now().toString(36)}@example.test`, password: 'pia-password-1' };
	await page.goto('/');
	await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Settings' }).click();
	await page.getByLabel('Email').fill(viewer.email);
	await page.getByLabel('Role', { exact: true }).selectOption('viewer');
	await page.getByRole('button', { name: 'Invite' }).click();
	await expect(page.getByRole('status')).toContainText(`${viewer.email} is invited as viewer`);
	const viewerContext = await browser.newContext();
	const other = await viewerContext.newPage();
	await other.goto('/signup');
	await other.getByLabel('Your name').fill('Pia Viewer');
	await other.getByLabel('Email').fill(viewer.email);
	await other.getByLabel(/Password/).fill(viewer.password);
	await other.getByRole('button', { name: 'Create account' }).click();
	await expect(other).toHaveURL(/\/w\/[0-9a-f-]+\/journeys$/);
	await other.goto(`/present/${journeyId}`);
	await expect(slideTitle(other)).toHaveText(JOURNEY);
	await expect(other.getByRole('button', { name: 'Presenter view' })).toHaveCount(0);
	await expect(other.getByText('Following presenter')).toBeVisible();
	await page.goto(`/present/${journeyId}`);
	await expect(page.getByText('Live: you move the room')).toBeVisible();
	await page.keyboard.press('End');
	await expect(slideTitle(other)).toHaveText('Where it hurts most');
	await other.keyboard.press('Home');
	await expect(slideTitle(other)).toHaveText(JOURNEY);
	await expect(slideTitle(page)).toHaveText('Where it hurts most');
	await page.keyboard.press('PageUp');
	await expect(slideTitle(other)).toHaveText(JOURNEY);
	await other.getByRole('button', { name: 'Follow presenter' }).click();
	await expect(slideTitle(other)).toHaveText('Pay and renew');
	expect((await move(other, { index: 0, key: 'title', blank: false, client: 'abcdefgh12' })).status()).toBe(403);
	expect((await other.request.get(`/present/${journeyId}/presenter`)).status()).toBe(403);
	await viewerContext.close();

	// Without a session: nothing (no stream, no moves, the page asks to sign in).
	const stranger = await browser.newContext();
	expect((await move(await stranger.newPage(), { index: 0, key: 'title', blank: false, client: 'abcdefgh12' })).status()).toBe(404);
	expect((await stranger.request.get(`/api/present/${journeyId}/events`)).status()).toBe(404);
	const anonPage = await stranger.newPage();
	await anonPage.goto(`/present/${journeyId}`);
	await expect(anonPage).toHaveURL(/\/signin\?next=/);
	await stranger.close();
});
