import { listPersonas } from '#lib/server/data/personas.js';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => ({
	personas: await listPersonas(locals.supabase, params.workspace)
});
