import { error, json, type RequestHandler } from '@sveltejs/kit';
import { isUuid } from '#lib/domain/import/index.js';
import { undoImport } from '#lib/server/data/imports.js';
import { importWorkspaceId, refreshAlertsSoon } from '#lib/server/data/notifications.js';
import { answer, requireUser } from '#lib/server/http/api.js';

/** Undoes an import: deletes the batch and every row it brought. Answers { removed }. */
export const DELETE: RequestHandler = ({ locals, params }) =>
	answer(async () => {
		requireUser(locals);
		if (!isUuid(params.batch!)) error(404, 'No such import.');
		const workspaceId = await importWorkspaceId(locals.runtime.stack, params.batch!);
		const removed = await undoImport(locals.supabase, params.batch!);
		if (workspaceId) refreshAlertsSoon(locals.runtime.stack, workspaceId);
		return json({ removed });
	});
