import type { RequestHandler } from './$types';
import { handleIngest } from '#lib/server/data/ingest.js';

/** Ingest API: a JSON array of responses, authorised by a workspace ingest key (docs/api.md). */
export const POST: RequestHandler = ({ request, locals }) => handleIngest(locals.runtime.stack, 'responses', request);
