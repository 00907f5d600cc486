import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { AuthError } from '../auth/local.js';
import { DataError } from '../data/errors.js';

/**
 * Parses a form with a zod schema. On bad input returns a `fail(400)` naming the first field
 * and its problem, so every form shows "Email: enter a valid address" rather than a 500.
 */
export async function parseForm<S extends z.ZodType>(request: Request, schema: S) {
	const raw = Object.fromEntries(await request.formData());
	const result = schema.safeParse(raw);
	if (result.success) return { data: result.data as z.infer<S>, failure: null };
	const issue = result.error.issues[0]!;
	const field = String(issue.path[0] ?? 'form');
	return { data: null, failure: fail(400, { field, message: issue.message, values: textValues(raw) }) };
}

function textValues(raw: Record<string, FormDataEntryValue>): Record<string, string> {
	// Echo back what was typed (never passwords) so a failed form keeps its input.
	return Object.fromEntries(
		Object.entries(raw).filter(([k, v]) => typeof v === 'string' && !k.toLowerCase().includes('password')) as [string, string][]
	);
}

/** Turns a user-caused error into a 400/403 form failure (keeping the typed values); rethrows anything else. */
export function failFromError(error: unknown, field = 'form', values: Record<string, string> = {}) {
	const { password: _password, ...safeValues } = values;
	if (error instanceof AuthError) return fail(400, { field: error.field ?? field, message: error.message, values: safeValues });
	if (error instanceof DataError) return fail(403, { field, message: error.message, values: safeValues });
	throw error;
}

export const email = z.string().trim().toLowerCase().email('Enter a valid email address.').max(254);
export const name = (what: string, max = 120) =>
	z.string().trim().min(1, `Give the ${what} a name.`).max(max, `Use at most ${max} characters.`);
