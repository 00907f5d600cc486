import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { listJourneys } from '#lib/server/data/journeys.js';
import { linkedTouchpoints, linkPersona, unlinkPersona } from '#lib/server/data/persona-links.js';
import { loadPersonaMetrics } from '#lib/server/data/persona-metrics.js';
import { deletePersonaRow, duplicatePersona, getPersona, personaJourneys, setPersonaArchived } from '#lib/server/data/personas.js';
import { DataError } from '#lib/server/data/errors.js';
import { failFromError } from '#lib/server/http/forms.js';
import { photoStore } from '#lib/server/http/persona-photos.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const persona = await getPersona(locals.supabase, params.workspace, params.persona);
	if (!persona) error(404, 'No such persona.');
	const [journeys, workspaceJourneys] = await Promise.all([personaJourneys(locals.supabase, persona.id), listJourneys(locals.supabase, params.workspace)]);
	// The journeys were read as the user (RLS), so reading their live maps is theirs to do.
	const links = await Promise.all(journeys.map(async (j) => ({ ...j, ...(await linkedTouchpoints(locals.runtime.collab, persona.id, j.id)) })));
	return {
		persona,
		links,
		linkable: workspaceJourneys.filter((j) => !journeys.some((l) => l.id === j.id)).map((j) => ({ id: j.id, name: j.name })),
		// Streamed: the card shows at once, the numbers when they come.
		numbers: loadPersonaMetrics(locals.supabase, params.workspace, persona.id, journeys.map((j) => j.id)).catch((problem: unknown) => {
			console.error('[journey-studio] persona metrics failed:', problem);
			return null;
		})
	};
};

const uuid = z.uuid('Unknown journey.');

/** The persona as the user sees it, or a 404 (not theirs, or gone). */
async function persona(locals: App.Locals, params: { workspace: string; persona: string }) {
	const found = await getPersona(locals.supabase, params.workspace, params.persona);
	if (!found) error(404, 'No such persona.');
	return found;
}

async function attempt(change: () => Promise<unknown>, success: string) {
	try {
		await change();
	} catch (problem) {
		return failFromError(problem);
	}
	return { success };
}

const field = async (request: Request, name: string) => (await request.formData()).get(name);

export const actions: Actions = {
	duplicate: async ({ locals, params }) => {
		const found = await persona(locals, params);
		let id = '';
		const result = await attempt(async () => (id = await duplicatePersona(locals.supabase, photoStore(locals), found)), '');
		if ('success' in result) redirect(303, `/w/${params.workspace}/personas/${id}/edit`);
		return result;
	},
	archive: async ({ locals, params }) => attempt(() => setPersonaArchived(locals.supabase, params.workspace, params.persona, true), 'Archived: it is out of the library, and stays on the journeys it is on.'),
	restore: async ({ locals, params }) => attempt(() => setPersonaArchived(locals.supabase, params.workspace, params.persona, false), 'Back in the library.'),
	delete: async ({ locals, params }) => {
		const found = await persona(locals, params);
		const result = await attempt(async () => {
			// Off every live map first, so no canvas keeps a placement of a persona that is gone.
			for (const journey of await personaJourneys(locals.supabase, found.id)) {
				if (!journey.archived) await unlinkPersona(locals.supabase, locals.runtime.collab, locals.user!.id, found, journey.id);
			}
			await deletePersonaRow(locals.supabase, photoStore(locals), found);
		}, '');
		if ('success' in result) redirect(303, `/w/${params.workspace}/personas`);
		return result;
	},
	link: async ({ request, locals, params }) => {
		const journeyId = uuid.safeParse(await field(request, 'journeyId'));
		if (!journeyId.success) return failFromError(new DataError('Choose a journey.'));
		const found = await persona(locals, params);
		return attempt(() => linkPersona(locals.supabase, locals.runtime.collab, locals.user!.id, found, journeyId.data), 'Linked: the persona is on the journey’s map.');
	},
	touchpoints: async ({ request, locals, params }) => {
		const form = await request.formData();
		const journeyId = uuid.safeParse(form.get('journeyId'));
		if (!journeyId.success) return failFromError(new DataError('Choose a journey.'));
		const ids = form.getAll('touchpointId').filter((v): v is string => typeof v === 'string' && v.length <= 100);
		const found = await persona(locals, params);
		return attempt(() => linkPersona(locals.supabase, locals.runtime.collab, locals.user!.id, found, journeyId.data, ids), 'Touchpoints saved.');
	},
	unlink: async ({ request, locals, params }) => {
		const journeyId = uuid.safeParse(await field(request, 'journeyId'));
		if (!journeyId.success) return failFromError(new DataError('Choose a journey.'));
		const found = await persona(locals, params);
		return attempt(() => unlinkPersona(locals.supabase, locals.runtime.collab, locals.user!.id, found, journeyId.data), 'Taken off the journey.');
	}
};
