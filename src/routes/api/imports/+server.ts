import { error, json, type RequestHandler } from '@sveltejs/kit';
import { IMPORT_KINDS, type ImportKind } from '#lib/domain/import/index.js';
import { getJourney } from '#lib/server/data/journeys.js';
import { beginImport } from '#lib/server/data/imports.js';
import { answer, requireUser } from '#lib/server/http/api.js';

/**
 * Starts an import from the import page: { journeyId, kind, fileName } → { id } of a pending
 * batch. Rows follow in chunks (./[batch]/rows), then ./[batch]/commit — or ./[batch]/abort.
 * Owners and editors only (checked in SQL).
 */
export const POST: RequestHandler = ({ locals, request }) =>
	answer(async () => {
		requireUser(locals);
		const body = (await request.json().catch(() => null)) as { journeyId?: unknown; kind?: unknown; fileName?: unknown } | null;
		if (typeof body?.journeyId !== 'string' || !IMPORT_KINDS.includes(body.kind as ImportKind) || typeof body.fileName !== 'string') {
			error(400, 'Send { journeyId, kind: "responses" | "feedback" | "cases", fileName }.');
		}
		const journey = await getJourney(locals.supabase, body.journeyId);
		if (!journey) error(404, 'No such journey.');
		const id = await beginImport(locals.supabase, { workspaceId: journey.workspaceId, journeyId: journey.id }, body.kind as ImportKind, body.fileName);
		return json({ id }, { status: 201 });
	});
