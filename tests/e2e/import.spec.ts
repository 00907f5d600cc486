import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { signInAsDemo } from '../support/e2e.js';

const JOURNEY = 'Home broadband: from search to renewal';
// Three good answers for demo touchpoints, one score out of range (line 5), one unknown touchpoint (line 6).
const CSV = [
	'touchpoint,score,comment,date',
	'Online checkout,9,Quick and clear,2026-11-02',
	'Online checkout,3,"Card declined, twice",2026-11-03',
	'Support chat,7,,2026-11-04',
	'Support chat,11,Off the scale,2026-11-05',
	'Teleporter,8,Beam me up,2026-11-06'
].join('\r\n');

/** The REST API as the signed-in user (the same token the page's supabase-js uses). */
async function rest(page: Page) {
	const config = (await (await page.request.get('/api/config')).json()) as { supabaseUrl: string; anonKey: string };
	const token = ((await (await page.request.get('/api/token')).json()) as { token: string }).token;
	const headers = { apikey: config.anonKey, authorization: `Bearer ${token}`, 'content-type': 'application/json' };
	return {
		async npsN(journeyId: string, touchpoint: string): Promise<number> {
			const response = await page.request.post(`${config.supabaseUrl}/rest/v1/rpc/touchpoint_metrics`, { headers, data: { p_journey_id: journeyId } });
			expect(response.ok()).toBe(true);
			const rows = (await response.json()) as { touchpoint_name: string; nps_n: number }[];
			return rows.find((r) => r.touchpoint_name === touchpoint)!.nps_n;
		},
		async rowsOf(batchId: string): Promise<{ score: number; comment: string | null }[]> {
			const response = await page.request.get(`${config.supabaseUrl}/rest/v1/survey_responses?import_batch_id=eq.${batchId}&select=score,comment&order=score`, { headers });
			expect(response.ok()).toBe(true);
			return response.json();
		}
	};
}

test('a CSV is imported through the page: progress, report with the bad rows, all-or-nothing commit, history, undo', async ({ page }) => {
	await signInAsDemo(page);
	await page.getByRole('link', { name: JOURNEY, exact: true }).click();
	await page.getByRole('link', { name: 'Import data' }).click();
	await expect(page.getByRole('heading', { level: 1, name: `Import data into “${JOURNEY}”` })).toBeVisible();
	const journeyId = page.url().match(/journeys\/([0-9a-f-]{36})\/import/)![1]!;
	await expect(page.getByRole('region', { name: 'No imports yet' })).toBeVisible();

	const api = await rest(page);
	const checkoutBefore = await api.npsN(journeyId, 'Online checkout');
	const chatBefore = await api.npsN(journeyId, 'Support chat');

	// 1. kind and file
	await expect(page.getByRole('radio', { name: /Survey responses/ })).toBeChecked();
	await page.getByLabel('Choose a file to import').setInputFiles({ name: 'answers.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
	await expect(page.getByRole('progressbar', { name: 'Reading the file' })).toHaveAttribute('aria-valuenow', '100');

	// 2. preview and columns (guessed from the headers); the file has no metric column
	const preview = page.getByRole('region', { name: 'Preview of the first rows' });
	await expect(preview.getByRole('row')).toHaveCount(6);
	await expect(preview).toContainText('Card declined, twice');
	await expect(page.getByLabel('Touchpoint', { exact: true })).toHaveValue('touchpoint');
	await expect(page.getByLabel('Score (required)')).toHaveValue('score');
	await page.getByLabel('Metric', { exact: true }).selectOption('nps');
	await page.getByRole('button', { name: 'Continue' }).click();

	// 3. touchpoints: the unknown one is left out (its row will be rejected)
	const teleporter = page.getByLabel('Touchpoint for “Teleporter”');
	await expect(teleporter).toHaveValue('');
	await expect(page.getByText('2 names in the file match the journey: Online checkout, Support chat.')).toBeVisible();
	await page.getByRole('button', { name: 'Check every row' }).click();

	// 4. the report
	await expect(page.getByRole('progressbar', { name: 'Validating every row' })).toHaveAttribute('aria-valuenow', '100');
	await expect(page.getByTestId('rows-read')).toHaveText('5');
	await expect(page.getByTestId('rows-accepted')).toHaveText('3');
	await expect(page.getByTestId('rows-rejected')).toHaveText('2');
	const rejected = page.getByRole('region', { name: 'Rejected rows' });
	await expect(rejected.getByRole('row').filter({ hasText: '11 is outside 0–10 for NPS' })).toContainText('5');
	await expect(rejected.getByRole('row').filter({ hasText: '11 is outside' }).getByRole('cell').first()).toHaveText('5');
	await expect(rejected.getByRole('row').filter({ hasText: "'Teleporter' is not a touchpoint of this journey" }).getByRole('cell').first()).toHaveText('6');
	const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download rejected rows (CSV)' }).click()]);
	expect(download.suggestedFilename()).toBe('answers-rejected-rows.csv');
	const report = readFileSync((await download.path())!, 'utf8');
	expect(report.split('\r\n')[0]).toBe('line,column,reason');
	expect(report).toContain(`5,score,"line 5, column 'score': 11 is outside 0–10 for NPS"`);

	// 5. commit
	await page.getByRole('button', { name: 'Import 3 responses' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Imported 3 responses from “answers.csv”' })).toBeVisible();
	await expect(page.getByRole('progressbar', { name: /Importing/ })).toHaveAttribute('aria-valuenow', '100');
	await expect(page.getByRole('link', { name: 'Back to the journey' })).toHaveAttribute('href', new RegExp(`/journeys/${journeyId}$`));

	// 6. history, and the rows through the API
	const history = page.getByRole('table', { name: 'Imports' });
	const row = history.getByRole('row').filter({ hasText: 'answers.csv' });
	await expect(row).toHaveCount(1);
	await expect(row.getByRole('cell')).toHaveText(['Survey responses', /\d/, /.+/, '5', '3', '2', 'Imported', /^Undo/]);
	await expect(row.getByRole('cell').nth(2)).not.toHaveText('API or command line');
	const batchId = (await row.getAttribute('data-batch'))!;
	expect((await api.rowsOf(batchId)).map((r) => r.score)).toEqual([3, 7, 9]);
	expect(await api.npsN(journeyId, 'Online checkout')).toBe(checkoutBefore + 2);
	expect(await api.npsN(journeyId, 'Support chat')).toBe(chatBefore + 1);

	// 7. undo, after a confirmation naming the rows
	await row.getByRole('button', { name: 'Undo import of answers.csv' }).click();
	const dialog = page.getByRole('dialog', { name: 'Undo the import of “answers.csv”?' });
	await expect(dialog).toContainText('3 rows');
	await dialog.getByRole('button', { name: 'Delete 3 rows' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Import undone: 3 rows deleted.' })).toBeVisible();
	await expect(page.getByRole('region', { name: 'No imports yet' })).toBeVisible();
	expect(await api.rowsOf(batchId)).toEqual([]);
	expect(await api.npsN(journeyId, 'Online checkout')).toBe(checkoutBefore);
	expect(await api.npsN(journeyId, 'Support chat')).toBe(chatBefore);
});

test('a touchpoint created by an import appears live on an open canvas and survives its next save', async ({ page, context }) => {
	const name = `Callbacks ${Date.now().toString(36)}`;
	await signInAsDemo(page);
	await page.getByRole('button', { name: 'New journey' }).click();
	await page.getByRole('radio', { name: /Telecom support/ }).check();
	await page.getByLabel('Name', { exact: true }).fill(name);
	await page.getByRole('button', { name: 'Create journey' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Saved · live' })).toBeVisible();
	const node = (text: string) => page.locator('.svelte-flow__node-touchpoint').filter({ hasText: text });
	await expect(node('Hotline and IVR')).toBeVisible();
	const journeyId = page.url().match(/journeys\/([0-9a-f-]{36})/)![1]!;

	// The canvas stays open in `page`; the import runs in a second tab.
	const tab = await context.newPage();
	await tab.goto(`${page.url()}/import`);
	const csv = 'touchpoint,score\nHotline and IVR,8\nCallback booking,6\n';
	await tab.getByLabel('Choose a file to import').setInputFiles({ name: 'callbacks.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
	await tab.getByLabel('Metric', { exact: true }).selectOption('nps');
	await tab.getByRole('button', { name: 'Continue' }).click();
	await tab.getByLabel('Touchpoint for “Callback booking”').selectOption({ label: 'Create a new touchpoint “Callback booking”' });
	await tab.getByRole('button', { name: 'Check every row' }).click();
	await expect(tab.getByTestId('rows-accepted')).toHaveText('2');
	// Created through the collaboration server: the open canvas shows it without a reload.
	await expect(node('Callback booking')).toBeVisible();

	await tab.getByRole('button', { name: 'Import 2 responses' }).click();
	await expect(tab.getByRole('status').filter({ hasText: 'Imported 2 responses from “callbacks.csv”' })).toContainText('1 new touchpoint was added to the map.');

	// The open canvas saves its own document next (an edit): the new touchpoint is kept, not archived.
	await page.getByRole('button', { name: '+ Stage' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Saved · live' })).toBeVisible();
	await page.waitForTimeout(2500); // past the server's store debounce
	await page.reload();
	await expect(node('Callback booking')).toBeVisible();
	const config = (await (await page.request.get('/api/config')).json()) as { supabaseUrl: string; anonKey: string };
	const token = ((await (await page.request.get('/api/token')).json()) as { token: string }).token;
	const metrics = await page.request.post(`${config.supabaseUrl}/rest/v1/rpc/touchpoint_metrics`, {
		headers: { apikey: config.anonKey, authorization: `Bearer ${token}` },
		data: { p_journey_id: journeyId }
	});
	const rows = (await metrics.json()) as { touchpoint_name: string; nps_n: number }[];
	expect(rows.find((r) => r.touchpoint_name === 'Callback booking')?.nps_n).toBe(1);
});

test('feedback and service cases go through the same page; a workbook is refused in plain words', async ({ page }) => {
	await signInAsDemo(page);
	await page.getByRole('link', { name: JOURNEY, exact: true }).click();
	await page.getByRole('link', { name: 'Import data' }).click();
	const file = page.getByLabel('Choose a file to import');

	await file.setInputFiles({ name: 'answers.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0]) });
	await expect(page.getByRole('alert')).toContainText('“answers.xlsx” is a spreadsheet workbook, not CSV text. In Excel choose File → Save As → “CSV UTF-8');

	await page.getByRole('radio', { name: /Feedback/ }).check();
	await file.setInputFiles({ name: 'reviews.csv', mimeType: 'text/csv', buffer: Buffer.from('touchpoint;text;stars\nSupport chat;The bot kept looping;1\nFirst bill;"Clear; no surprises";5\nFirst bill;;3\n') });
	await expect(page.getByLabel('Text (required)')).toHaveValue('text');
	await page.getByLabel('Rating (e.g. stars)').selectOption('stars');
	await page.getByLabel('Source of every row').selectOption('review');
	await page.getByRole('button', { name: 'Continue' }).click();
	await page.getByRole('button', { name: 'Check every row' }).click();
	await expect(page.getByTestId('rows-accepted')).toHaveText('2');
	await expect(page.getByRole('region', { name: 'Rejected rows' }).getByRole('row').filter({ hasText: 'text' })).toContainText('4');
	await page.getByRole('button', { name: 'Import 2 feedback items' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Imported 2 feedback items from “reviews.csv”' })).toBeVisible();

	await page.getByRole('button', { name: 'Import another file' }).click();
	await page.getByRole('radio', { name: /Service cases/ }).check();
	await file.setInputFiles({
		name: 'tickets.tsv',
		mimeType: 'text/tab-separated-values',
		buffer: Buffer.from('step\topened\tfirst response\tresolved\nSupport hotline\t2026-11-02 09:00\t2026-11-02 09:20\t2026-11-03 10:00\nSupport hotline\t2026-11-02 10:00\t2026-11-02 09:00\t\n')
	});
	await expect(page.getByLabel('Touchpoint (required)')).toHaveValue('step');
	await expect(page.getByLabel('Opened (required)')).toHaveValue('opened');
	await page.getByRole('button', { name: 'Continue' }).click();
	await page.getByRole('button', { name: 'Check every row' }).click();
	await expect(page.getByTestId('rows-accepted')).toHaveText('1');
	await expect(page.getByTestId('rows-rejected')).toHaveText('1');
	await page.getByRole('button', { name: 'Import 1 case' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Imported 1 case from “tickets.tsv”' })).toBeVisible();

	const history = page.getByRole('table', { name: 'Imports' });
	await expect(history.getByRole('row').filter({ hasText: 'reviews.csv' }).getByRole('cell').first()).toHaveText('Feedback');
	await expect(history.getByRole('row').filter({ hasText: 'tickets.tsv' }).getByRole('cell').first()).toHaveText('Service cases');
	for (const name of ['tickets.tsv', 'reviews.csv']) {
		await page.getByRole('button', { name: `Undo import of ${name}` }).click();
		await page.getByRole('dialog', { name: `Undo the import of “${name}”?` }).getByRole('button', { name: /^Delete/ }).click();
		await expect(history.getByRole('row').filter({ hasText: name })).toHaveCount(0);
	}
	await expect(page.getByRole('region', { name: 'No imports yet' })).toBeVisible();
});

test('the import endpoints refuse malformed requests with a message, and a failing commit leaves nothing', async ({ page }) => {
	await signInAsDemo(page);
	await page.getByRole('link', { name: JOURNEY, exact: true }).click();
	await expect(page).toHaveURL(/journeys\/[0-9a-f-]{36}$/);
	const journeyId = page.url().match(/journeys\/([0-9a-f-]{36})/)![1]!;
	const post = (url: string, data: unknown) => page.request.post(url, { data });
	const message = async (r: Awaited<ReturnType<typeof post>>) => ((await r.json()) as { message: string }).message;

	let r = await post('/api/imports', { journeyId, kind: 'surveys', fileName: 'x.csv' });
	expect(r.status()).toBe(400);
	expect(await message(r)).toMatch(/kind: "responses" \| "feedback" \| "cases"/);
	expect((await post('/api/imports/not-a-batch/rows', [{}])).status()).toBe(404);
	expect((await post('/api/journeys/not-a-journey/touchpoints', { names: ['A'] })).status()).toBe(404);
	expect((await post(`/api/journeys/${journeyId}/touchpoints`, { names: [] })).status()).toBe(400);

	r = await post('/api/imports', { journeyId, kind: 'responses', fileName: 'bad.csv' });
	expect(r.status()).toBe(201);
	const { id } = (await r.json()) as { id: string };
	expect((await post(`/api/imports/${id}/rows`, { not: 'an array' })).status()).toBe(400);
	expect((await post(`/api/imports/${id}/commit`, { rowsRead: -1, rejected: 0, rejections: [] })).status()).toBe(400);
	// A row no touchpoint of this journey has: the commit fails as a whole and the batch is abandoned.
	const row = { touchpoint_id: '00000000-0000-4000-8000-000000000000', metric: 'nps', score: 9, scale_max: 10, comment: null, persona_id: null, channel: null, responded_at: null };
	expect((await post(`/api/imports/${id}/rows`, [row])).status()).toBe(200);
	r = await post(`/api/imports/${id}/commit`, { rowsRead: 1, rejected: 0, rejections: [] });
	expect(r.status()).toBe(403);
	expect(await message(r)).toMatch(/^Nothing was imported: Touchpoint 00000000-.* is not part of the journey of this import/);
	r = await post(`/api/imports/${id}/rows`, [row]);
	expect(r.status()).toBe(403);
	expect(await message(r)).toMatch(/is failed \(only a pending batch takes rows or a commit\)/);

	await page.goto(`${page.url()}/import`);
	const failed = page.getByRole('table', { name: 'Imports' }).getByRole('row').filter({ hasText: 'bad.csv' });
	await expect(failed).toContainText('Failed (nothing imported)');
	await expect(failed.getByRole('cell').nth(4)).toHaveText('0');
});
