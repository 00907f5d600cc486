import { error, json, type RequestHandler } from '@sveltejs/kit';
import { MAX_REJECTIONS, isUuid, type ImportReport, type Rejection } from '#lib/domain/import/index.js';
import { commitImport } from '#lib/server/data/imports.js';
import { refreshAlertsForImport } from '#lib/server/data/notifications.js';
import { answer, requireUser } from '#lib/server/http/api.js';

const count = (v: unknown) => (Number.isInteger(v) && (v as number) >= 0 ? (v as number) : null);
const rejection = (r: unknown): Rejection | null => {
	const { line, column, reason } = (r ?? {}) as Record<string, unknown>;
	if (count(line) === null || typeof reason !== 'string') return null;
	return { line: line as number, ...(typeof column === 'string' ? { column: column.slice(0, 200) } : {}), reason: reason.slice(0, 500) };
};

/**
 * Commits a pending import: every staged row becomes visible at once, with the report's counts
 * and rejected rows kept on the batch. On failure nothing is written and the batch is aborted.
 */
export const POST: RequestHandler = ({ locals, params, request }) =>
	answer(async () => {
		requireUser(locals);
		if (!isUuid(params.batch!)) error(404, 'No such import.');
		const body = (await request.json().catch(() => null)) as { rowsRead?: unknown; rejected?: unknown; rejections?: unknown } | null;
		const rowsRead = count(body?.rowsRead);
		const rejected = count(body?.rejected);
		const rejections = Array.isArray(body?.rejections) ? body.rejections.slice(0, MAX_REJECTIONS).map(rejection) : null;
		if (rowsRead === null || rejected === null || !rejections || rejections.includes(null)) {
			error(400, 'Send { rowsRead, rejected, rejections: [{ line, column?, reason }] }.');
		}
		const report = { rowsRead, rejected, rejections: rejections as Rejection[] } as ImportReport;
		const batch = await commitImport(locals.supabase, params.batch!, report);
		refreshAlertsForImport(locals.runtime.stack, batch.id);
		return json({ id: batch.id, rowsAccepted: batch.rowsAccepted });
	});
