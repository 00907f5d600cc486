import { error, json, type RequestHandler } from '@sveltejs/kit';
import { z } from 'zod';
import { MAX_NOTE_LENGTH, saveNote } from '#lib/server/data/presentation.js';
import { answer } from '#lib/server/http/api.js';
import { authorizeFollower } from '#lib/server/live/authorize.js';

const Note = z.object({
	key: z.string().regex(/^(title|closing|persona:[0-9a-f-]{36}|stage:([0-9a-f-]{36}|none))$/, 'Not a slide of this presentation.'),
	body: z.string().max(MAX_NOTE_LENGTH, `Notes are at most ${MAX_NOTE_LENGTH} characters.`)
});

/** Saves one slide's speaker note (members who can edit the journey; RLS checks it again). */
export const PUT: RequestHandler = (event) =>
	answer(async () => {
		const access = await authorizeFollower(event, event.params.journey!);
		if (!access || access.userId === null) error(404, 'Not found');
		if (!access.canDrive) error(403, 'Only owners and editors can write speaker notes.');
		const parsed = Note.safeParse(await event.request.json().catch(() => null));
		if (!parsed.success) error(400, parsed.error.issues[0]!.message);
		await saveNote(event.locals.supabase, { id: access.journeyId, workspaceId: access.workspaceId }, parsed.data.key, parsed.data.body);
		return json({ ok: true });
	});
