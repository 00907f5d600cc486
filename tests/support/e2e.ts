import { expect, type Page } from '@playwright/test';

export const DEMO = { email: 'demo@journey.studio', password: 'journey-demo' };

/** Signs in through the sign-in page (base: another app server's origin, or the configured one). */
export async function signIn(page: Page, email: string, password: string, base = '') {
	await page.goto(`${base}/signin`);
	await page.getByLabel('Email').first().fill(email);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page).toHaveURL(/\/journeys$/);
}

export const signInAsDemo = (page: Page, base = '') => signIn(page, DEMO.email, DEMO.password, base);
