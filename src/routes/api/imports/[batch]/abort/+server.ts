import { error, json, type RequestHandler } from '@sveltejs/kit';
import { isUuid } from '#lib/domain/import/index.js';
import { abortImport } from '#lib/server/data/imports.js';
import { answer, requireUser } from '#lib/server/http/api.js';

/** Abandons a pending import ({ reason? }): its staged rows are dropped, nothing of it was ever visible. */
export const POST: RequestHandler = ({ locals, params, request }) =>
	answer(async () => {
		requireUser(locals);
		if (!isUuid(params.batch!)) error(404, 'No such import.');
		const body = (await request.json().catch(() => ({}))) as { reason?: unknown };
		await abortImport(locals.supabase, params.batch!, typeof body.reason === 'string' ? body.reason.slice(0, 2000) : undefined);
		return json({ aborted: true });
	});
