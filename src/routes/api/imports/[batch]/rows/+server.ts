import { error, json, type RequestHandler } from '@sveltejs/kit';
import { isUuid } from '#lib/domain/import/index.js';
import { STAGE_CHUNK_ROWS, stageRecords } from '#lib/server/data/imports.js';
import { answer, requireUser } from '#lib/server/http/api.js';

/**
 * One chunk of validated rows for a pending import (a JSON array of records, at most
 * STAGE_CHUNK_ROWS). Staged rows stay invisible until the commit. Sentiment is filled in here.
 */
export const POST: RequestHandler = ({ locals, params, request }) =>
	answer(async () => {
		requireUser(locals);
		if (!isUuid(params.batch!)) error(404, 'No such import.');
		const rows = await request.json().catch(() => null);
		if (!Array.isArray(rows) || rows.length === 0 || rows.length > STAGE_CHUNK_ROWS || !rows.every((r) => r && typeof r === 'object' && !Array.isArray(r))) {
			error(400, `Send a JSON array of 1 to ${STAGE_CHUNK_ROWS} rows.`);
		}
		await stageRecords(locals.supabase, params.batch!, rows);
		return json({ staged: rows.length });
	});
