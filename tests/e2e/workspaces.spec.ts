import { expect, test, type Page } from '@playwright/test';

const unique = Date.now().toString(36);
const ann = { email: `ann-${unique}@example.test`, password: 'ann-password-1', name: 'Ann Analyst' };
const bob = { email: `bob-${unique}@example.test`, password: 'bob-password-1', name: 'Bob Builder' };

async function signUp(page: Page, who: typeof ann) {
	await page.goto('/signup');
	await page.getByLabel('Your name').fill(who.name);
	await page.getByLabel('Email').fill(who.email);
	await page.getByLabel(/Password/).fill(who.password);
	await page.getByRole('button', { name: 'Create account' }).click();
}

async function signOut(page: Page) {
	await page.getByRole('group').filter({ has: page.getByLabel(/Account menu/) }).getByLabel(/Account menu/).click();
	await page.getByRole('button', { name: 'Sign out' }).click();
	await expect(page).toHaveURL(/\/signin$/);
}

test('sign up, create a workspace, invite, change roles, remove, leave and delete', async ({ page }) => {
	await signUp(page, ann);
	await expect(page.getByRole('heading', { name: 'Create your first workspace' })).toBeVisible();
	await page.getByLabel('Workspace name').fill('Ann’s CX team');
	await page.getByRole('button', { name: 'Create workspace' }).click();

	await expect(page.getByRole('heading', { name: 'No journeys yet' })).toBeVisible();
	await page.getByRole('button', { name: 'New journey' }).click();
	await page.getByLabel('Name', { exact: true }).fill('Telecom support');
	await page.getByRole('button', { name: 'Create journey' }).click();
	await expect(page.getByRole('heading', { name: 'Telecom support', level: 1 })).toBeVisible();
	await expect(page.getByRole('heading', { name: 'An empty map' })).toBeVisible();

	// Invite an existing user (the demo account): added at once; change the role; remove.
	await page.getByRole('link', { name: 'Settings' }).click();
	await expect(page.getByRole('heading', { name: 'Workspace settings' })).toBeVisible();
	await page.getByLabel('Email').fill('demo@journey.studio');
	await page.getByLabel('Role', { exact: true }).selectOption('viewer');
	await page.getByRole('button', { name: 'Invite' }).click();
	await expect(page.getByRole('status')).toHaveText('demo@journey.studio was added as viewer.');
	await page.getByLabel('Email').fill('demo@journey.studio');
	await page.getByRole('button', { name: 'Invite' }).click();
	await expect(page.getByRole('status')).toHaveText('demo@journey.studio is already a member; change their role in the list below.');
	const role = page.getByRole('combobox', { name: 'Role of demo@journey.studio' });
	await expect(role).toHaveValue('viewer');
	await role.selectOption('editor');
	await expect(page.getByRole('status')).toHaveText('Role changed.');
	await page.reload();
	await expect(page.getByRole('combobox', { name: 'Role of demo@journey.studio' })).toHaveValue('editor');

	await page.getByRole('region', { name: 'Members' }).getByRole('button', { name: 'Remove' }).click();
	await page.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
	await expect(page.getByRole('status')).toHaveText('Member removed.');
	await expect(page.getByRole('combobox', { name: 'Role of demo@journey.studio' })).toHaveCount(0);

	// The only owner cannot leave (the database refuses it too: see the RLS tests).
	await expect(page.getByText('You are the only owner: make someone else owner before you can leave.')).toBeVisible();
	await expect(page.getByRole('button', { name: 'Leave workspace' })).toHaveCount(0);

	// Invite someone who has no account yet: pending until they sign up.
	await page.getByLabel('Email').fill(bob.email);
	await page.getByLabel('Role', { exact: true }).selectOption('editor');
	await page.getByRole('button', { name: 'Invite' }).click();
	await expect(page.getByRole('status')).toContainText(`${bob.email} is invited as editor`);
	await expect(page.getByText(`${bob.email} as editor`)).toBeVisible();
	await signOut(page);

	await signUp(page, bob);
	await expect(page).toHaveURL(/\/w\/[0-9a-f-]+\/journeys$/);
	await expect(page.getByLabel('Switch workspace, current: Ann’s CX team')).toBeVisible();
	await expect(page.getByRole('link', { name: 'Telecom support' })).toBeVisible();

	await page.getByRole('link', { name: 'Settings' }).click();
	await expect(page.getByRole('region', { name: 'Invite people' })).toHaveCount(0); // editors do not manage members
	await page.getByRole('button', { name: 'Leave workspace' }).click();
	await page.getByRole('dialog').getByRole('button', { name: 'Leave workspace' }).click();
	await expect(page.getByRole('heading', { name: 'Create your first workspace' })).toBeVisible();
	await page.getByRole('button', { name: 'Sign out' }).click();

	// Ann deletes the workspace; the button stays disabled until the name is typed.
	await page.goto('/signin');
	await page.getByLabel('Email').first().fill(ann.email);
	await page.getByLabel('Password').fill(ann.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.getByRole('link', { name: 'Settings' }).click();
	await page.getByRole('button', { name: 'Delete workspace' }).click();
	const dialog = page.getByRole('dialog');
	await expect(dialog.getByRole('button', { name: 'Delete workspace' })).toBeDisabled();
	await dialog.getByLabel(/Type/).fill('Ann’s CX team');
	await dialog.getByRole('button', { name: 'Delete workspace' }).click();
	await expect(page.getByRole('heading', { name: 'Create your first workspace' })).toBeVisible();
});

test('sign-up refuses a taken email and a short password with messages', async ({ page }) => {
	await page.goto('/signup');
	await page.getByLabel('Email').fill('demo@journey.studio');
	await page.getByLabel(/Password/).fill('long-enough-pw');
	await page.getByRole('button', { name: 'Create account' }).click();
	await expect(page.getByRole('alert')).toHaveText(/already exists/);
});

test('the REST API on the app origin: bad tokens get 401 JSON, malformed bodies 400, forms name the field', async ({ request, baseURL }) => {
	// The anon key is public: the sign-in page's app config carries it to browsers.
	const keyless = await request.get('/rest/v1/journeys?select=id');
	expect(keyless.status()).toBe(401);
	expect((await keyless.json()).message).toBe('No API key found in request');
	expect((await request.get('/rest/v1/journeys?select=id', { headers: { apikey: 'made-up' } })).status()).toBe(401);

	const anonKey = await (await request.get('/api/config')).json().then((c: { anonKey: string }) => c.anonKey);
	const anon = await request.get('/rest/v1/journeys?select=id', { headers: { apikey: anonKey } });
	expect(anon.status()).toBe(200);
	expect(await anon.json()).toEqual([]);

	const bad = await request.get('/rest/v1/journeys', { headers: { apikey: anonKey, Authorization: 'Bearer not-a-jwt' } });
	expect(bad.status()).toBe(401);
	expect((await bad.json()).message).toMatch(/JW[ST]/);

	const malformed = await request.post('/rest/v1/workspaces', { headers: { apikey: anonKey, 'content-type': 'application/json' }, data: Buffer.from('{"name": ') });
	expect(malformed.status()).toBe(400);
	const form = await request.post('/signin?/password', {
		form: { email: 'not-an-email', password: 'x' },
		headers: { origin: baseURL!, accept: 'application/json', 'x-sveltekit-action': 'true' }
	});
	const body = await form.json();
	expect(body.type).toBe('failure');
	expect(body.status).toBe(400);
	expect(body.data).toContain('email');
});
