import { error, json, type RequestHandler } from '@sveltejs/kit';
import { createMissingTouchpoints, liveDocumentEditor, loadImportTarget } from '#lib/server/data/imports.js';
import { answer, requireUser } from '#lib/server/http/api.js';

const MAX_NAMES = 200;

/**
 * Creates touchpoints a file import names but the journey lacks ({ names: string[] }), through
 * the collaboration server so everyone on the journey sees them at once. Answers with the new
 * touchpoints and the journey's live touchpoints after the change.
 */
export const POST: RequestHandler = ({ locals, params, request }) =>
	answer(async () => {
		const user = requireUser(locals);
		const body = (await request.json().catch(() => null)) as { names?: unknown } | null;
		const names = body?.names;
		if (!Array.isArray(names) || names.length === 0 || names.length > MAX_NAMES || !names.every((n) => typeof n === 'string' && n.trim() !== '')) {
			error(400, `Send { "names": [...] } with 1 to ${MAX_NAMES} touchpoint names.`);
		}
		const target = await loadImportTarget(locals.supabase, params.journey!);
		if (!target) error(404, 'No such journey.');
		const wanted = [...new Set((names as string[]).map((n) => n.trim().slice(0, 200)))];
		const created = await createMissingTouchpoints(locals.supabase, liveDocumentEditor(locals.runtime.collab, user.id), target.journeyId, wanted);
		const after = await loadImportTarget(locals.supabase, target.journeyId);
		return json({ created, touchpoints: after?.touchpoints ?? [] });
	});
