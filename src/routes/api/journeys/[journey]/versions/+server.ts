import { error, json, type RequestHandler } from '@sveltejs/kit';
import { z } from 'zod';
import { getJourney } from '#lib/server/data/journeys.js';
import { listVersions, saveNamedVersion } from '#lib/server/data/versions.js';
import { answer, requireUser } from '#lib/server/http/api.js';

const NewVersion = z.object({ name: z.string().trim().min(1, 'Give the version a name.').max(120, 'Use at most 120 characters.') });

/** The journey's version history, newest first. */
export const GET: RequestHandler = ({ locals, params }) =>
	answer(async () => {
		requireUser(locals);
		return json(await listVersions(locals.supabase, params.journey!));
	});

/** Saves the map as it is now under a name. Body: {"name": "before workshop"}. */
export const POST: RequestHandler = ({ locals, params, request }) =>
	answer(async () => {
		requireUser(locals);
		const parsed = NewVersion.safeParse(await request.json().catch(() => null));
		if (!parsed.success) error(400, parsed.error.issues[0]?.message ?? 'Send {"name": "…"}.');
		const journey = await getJourney(locals.supabase, params.journey!);
		if (!journey) error(404, 'No such journey.');
		return json(await saveNamedVersion(locals.supabase, locals.runtime.collab, journey, parsed.data.name), { status: 201 });
	});
