import { error } from '@sveltejs/kit';
import type { PostgrestError } from '@supabase/supabase-js';

/** A database refusal the user caused (and can fix), worded for a form. */
export class DataError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'DataError';
	}
}

/**
 * Turns a PostgREST error into something a person can act on. Refusals by RLS, constraints
 * and our own `raise exception` messages become DataError (shown on the form); anything else
 * is a server fault and becomes a 503/500.
 */
export function raise(problem: PostgrestError, what: string): never {
	switch (problem.code) {
		case '42501':
		case 'PGRST301':
			throw new DataError(`You do not have permission to ${what}.`);
		case '23505':
			throw new DataError(`That already exists (${what}).`);
		case '23514':
		case '22023':
		case '23502':
			throw new DataError(`That value is not allowed (${what}).`);
		case 'P0001':
			throw new DataError(problem.message);
	}
	if (problem.message?.includes('fetch failed')) error(503, 'The database is unavailable right now. Try again in a moment.');
	console.error(`[journey-studio] could not ${what}:`, problem);
	error(500, `Could not ${what}.`);
}

/** An update or delete that matched no row the caller may touch: RLS said no, silently. */
export function denied(what: string): never {
	throw new DataError(`You do not have permission to ${what}.`);
}
