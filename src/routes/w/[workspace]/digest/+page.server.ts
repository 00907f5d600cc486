import { loadDigest } from '#lib/server/data/digest.js';
import type { PageServerLoad } from './$types';

/** The workspace digest: journeys going stale, hotspots nobody acts on, overdue actions. */
export const load: PageServerLoad = async ({ locals, params }) => ({ digest: await loadDigest(locals.supabase, params.workspace) });
