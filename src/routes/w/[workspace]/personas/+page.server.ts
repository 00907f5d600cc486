import { listPersonas } from '#lib/server/data/personas.js';
import type { PageServerLoad } from './$types';

// The gallery filters in TypeScript (domain/personas.ts filterPersonas): a library is tens of personas, not thousands.
export const load: PageServerLoad = async ({ locals, params }) => ({
	personas: await listPersonas(locals.supabase, params.workspace, { includeArchived: true })
});
