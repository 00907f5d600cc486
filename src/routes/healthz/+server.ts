import { json, type RequestHandler } from '@sveltejs/kit';

/** Liveness and mode, for load balancers and the dev warm-up request. */
export const GET: RequestHandler = ({ locals }) => json({ ok: true, mode: locals.runtime.stack.mode });
