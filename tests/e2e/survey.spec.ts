import { expect, test, type Page } from '@playwright/test';
import { signInAsDemo } from '../support/e2e.js';

/**
 * Live surveys end to end. The team side is seeded through the API as the signed-in demo user
 * (supabase-js's REST calls, RLS applies); the respondent is a second browser context with
 * JavaScript off, answering through the plain form.
 */

/** A REST call as the signed-in user of `page` (the browser's own token and anon key). */
async function rest<T>(page: Page, path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
	return page.evaluate(
		async ({ path, init }) => {
			const token = ((await (await fetch('/api/token')).json()) as { token: string }).token;
			const config = (await (await fetch('/api/config')).json()) as { supabaseUrl: string; anonKey: string };
			const response = await fetch(`${config.supabaseUrl}/rest/v1/${path}`, {
				method: init.method ?? 'GET',
				headers: { apikey: config.anonKey, authorization: `Bearer ${token}`, 'content-type': 'application/json', prefer: 'return=representation' },
				...(init.body === undefined ? {} : { body: JSON.stringify(init.body) })
			});
			if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
			return response.json();
		},
		{ path, init }
	) as Promise<T>;
}

interface Touchpoint {
	id: string;
	name: string;
	workspace_id: string;
	journey_id: string;
}

async function openSurvey(page: Page, touchpoint: Touchpoint, question: string) {
	const [survey] = await rest<{ id: string; public_token: string }[]>(page, 'surveys', {
		method: 'POST',
		body: { workspace_id: touchpoint.workspace_id, touchpoint_id: touchpoint.id, metric: 'nps', scale_max: 10, question }
	});
	return survey!;
}

const npsN = async (page: Page, touchpoint: Touchpoint) => {
	const rows = await rest<{ touchpoint_id: string; nps_n: number }[]>(page, 'rpc/touchpoint_metrics', { method: 'POST', body: { p_journey_id: touchpoint.journey_id } });
	return rows.find((r) => r.touchpoint_id === touchpoint.id)!.nps_n;
};

test('a respondent without JavaScript answers a live survey; the answer counts; a closed survey takes none', async ({ page, browser, baseURL }) => {
	await signInAsDemo(page);
	const [touchpoint] = await rest<Touchpoint[]>(page, 'touchpoints?select=id,name,workspace_id,journey_id&archived_at=is.null&order=position&limit=1');
	const survey = await openSurvey(page, touchpoint!, 'How likely are you to recommend our checkout?');
	const before = await npsN(page, touchpoint!);

	const respondent = await browser.newContext({ javaScriptEnabled: false });
	const form = await respondent.newPage();
	await form.goto(`/s/${survey.public_token}`);
	await expect(form.getByText(`About: ${touchpoint!.name}`)).toBeVisible();
	const scale = form.getByRole('group', { name: 'How likely are you to recommend our checkout?' });
	await expect(scale.getByRole('radio')).toHaveCount(11);
	await expect(scale.getByRole('radio', { name: '0 – Not at all likely' })).toBeVisible();
	await expect(scale.getByRole('radio', { name: '10 – Extremely likely' })).toBeVisible();
	await scale.getByRole('radio', { name: '9', exact: true }).check();
	await form.getByLabel(/Anything you would like to add/).fill('  Fast, and the card form remembered me.  ');
	await form.getByRole('button', { name: 'Send answer' }).click();
	await expect(form).toHaveURL(/\?thanks=1$/);
	await expect(form.getByRole('heading', { name: 'Thank you!' })).toBeVisible();

	// The answer is in, with its comment trimmed, and the touchpoint's NPS counts it.
	const answers = await rest<{ score: number; comment: string; source: string }[]>(page, `survey_responses?select=score,comment,source&survey_id=eq.${survey.id}`);
	expect(answers).toEqual([{ score: 9, comment: 'Fast, and the card form remembered me.', source: 'survey' }]);
	expect(await npsN(page, touchpoint!)).toBe(before + 1);

	// A form post from another site is refused by SvelteKit's origin check.
	const forged = await respondent.request.post(`/s/${survey.public_token}`, {
		headers: { origin: 'https://evil.example', accept: 'text/html' },
		form: { score: '0' },
		maxRedirects: 0
	});
	expect(forged.status()).toBe(403);

	// Closed: the page says so and a post is refused without recording anything.
	await rest(page, `surveys?id=eq.${survey.id}`, { method: 'PATCH', body: { is_open: false } });
	await form.goto(`/s/${survey.public_token}`);
	await expect(form.getByRole('heading', { name: 'This survey is closed' })).toBeVisible();
	await expect(form.getByRole('button', { name: 'Send answer' })).toHaveCount(0);
	const late = await respondent.request.post(`/s/${survey.public_token}`, { headers: { origin: baseURL!, accept: 'text/html' }, form: { score: '10' }, maxRedirects: 0 });
	expect(late.status()).toBe(409);
	expect(await late.text()).toContain('This survey is closed');
	expect(await rest<unknown[]>(page, `survey_responses?select=id&survey_id=eq.${survey.id}`)).toHaveLength(1);

	// Unknown link: 404 with words, not a stack trace.
	const unknown = await form.goto('/s/ffffffffffffffffffffffffffffffff');
	expect(unknown?.status()).toBe(404);
	await expect(form.getByRole('heading', { name: 'We could not find this survey' })).toBeVisible();
	await respondent.close();
});

test('the embedded survey works in an iframe on another site; other pages refuse to be framed; answers are rate limited', async ({ page, browser, baseURL }) => {
	await signInAsDemo(page);
	const [touchpoint] = await rest<Touchpoint[]>(page, 'touchpoints?select=id,name,workspace_id,journey_id&archived_at=is.null&order=position&limit=1&offset=1');
	const survey = await openSurvey(page, touchpoint!, 'How likely are you to recommend us after delivery?');

	const visitor = await browser.newContext();
	// A customer's own site embedding the snippet's iframe: another site (localhost, not
	// 127.0.0.1). Chromium's local-network protection would block a page it did not load from
	// loopback itself from framing a loopback server; on the internet both are public.
	await visitor.grantPermissions(['local-network-access']);
	const shopUrl = `${baseURL!.replace('127.0.0.1', 'localhost')}/our-shop`;
	expect(new URL(shopUrl).origin).not.toBe(new URL(baseURL!).origin);
	await visitor.route(shopUrl, (route) =>
		route.fulfill({
			contentType: 'text/html',
			body: `<!doctype html><h1>Our shop</h1><iframe title="Survey" src="${baseURL}/s/${survey.public_token}?embed=1" width="600" height="520"></iframe><iframe title="Sign-in" src="${baseURL}/signin"></iframe>`
		})
	);
	const shop = await visitor.newPage();
	await shop.goto(shopUrl);
	const frame = shop.frameLocator('iframe[title="Survey"]');
	await frame.getByRole('radio', { name: '10 – Extremely likely' }).check();
	await frame.getByRole('button', { name: 'Send answer' }).click();
	await expect(frame.getByRole('heading', { name: 'Thank you!' })).toBeVisible();
	expect(shop.frames().find((f) => f.url().includes('/s/'))?.url()).toMatch(/\?thanks=1&embed=1$/);
	// The sign-in page is not rendered inside the foreign page.
	await expect(shop.frameLocator('iframe[title="Sign-in"]').getByRole('button', { name: 'Sign in' })).toHaveCount(0);
	const signin = await visitor.request.get('/signin');
	expect(signin.headers()['x-frame-options']).toBe('DENY');
	expect(signin.headers()['content-security-policy']).toBe("frame-ancestors 'none'");
	expect((await visitor.request.get(`/s/${survey.public_token}?embed=1`)).headers()['content-security-policy']).toBe('frame-ancestors *');
	expect(await rest<{ score: number }[]>(page, `survey_responses?select=score&survey_id=eq.${survey.id}`)).toEqual([{ score: 10 }]);

	// 10 answers a minute per address and survey: the burst beyond that gets a friendly 429.
	const statuses: number[] = [];
	let refusal = '';
	for (let i = 0; i < 12; i++) {
		const response = await visitor.request.post(`/s/${survey.public_token}`, { headers: { origin: baseURL!, accept: 'text/html' }, form: { score: '5' }, maxRedirects: 0 });
		statuses.push(response.status());
		if (response.status() === 429) refusal = await response.text();
	}
	// One token went to the iframe answer above: 9 more are accepted, then 429.
	expect(statuses).toEqual([...Array(9).fill(303), 429, 429, 429]);
	expect(refusal).toContain('Please wait');
	expect(await rest<unknown[]>(page, `survey_responses?select=id&survey_id=eq.${survey.id}`)).toHaveLength(10);
	await visitor.close();
});
