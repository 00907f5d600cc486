import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { parseJourneyFile } from '#lib/domain/journey/import.js';
import { TEMPLATES, documentFromTemplate } from '#lib/domain/journey/templates.js';
import { staleMarkers } from '#lib/domain/digest.js';
import { loadWorkspaceFreshness } from '#lib/server/data/freshness.js';
import * as journeys from '#lib/server/data/journeys.js';
import { failFromError, name, parseForm } from '#lib/server/http/forms.js';
import { serviceClient } from '#lib/server/supabase.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const archived = url.searchParams.get('archived') === '1';
	const [list, freshness] = await Promise.all([
		journeys.listJourneys(locals.supabase, params.workspace, archived),
		archived ? null : loadWorkspaceFreshness(locals.supabase, params.workspace)
	]);
	return {
		archived,
		journeys: list,
		// Journey id -> why it is going stale (old map, or most touchpoints silent).
		stale: freshness ? staleMarkers(list, freshness.byJourney, freshness.staleAfterWeeks, Date.now()) : {},
		templates: TEMPLATES.map(({ key, name, description, stages }) => ({
			key,
			name,
			description,
			stages: stages.length,
			touchpoints: stages.reduce((n, s) => n + s.touchpoints.length, 0)
		}))
	};
};

const journeyId = z.object({ journeyId: z.uuid('Unknown journey.') });
const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

export const actions: Actions = {
	create: async ({ request, locals, params }) => {
		const { data, failure } = await parseForm(request, z.object({ name: name('journey', 200), template: z.string().optional() }));
		if (failure) return failure;
		const template = TEMPLATES.find((t) => t.key === data.template);
		if (data.template && !template) return fail(400, { field: 'template', message: 'Unknown template.' });
		let id: string;
		try {
			id = await journeys.createJourney(locals.supabase, serviceClient(locals.runtime.stack), params.workspace, {
				name: data.name,
				description: template?.description,
				document: template && documentFromTemplate(template, () => crypto.randomUUID())
			});
		} catch (error) {
			return failFromError(error, 'name', { name: data.name });
		}
		redirect(303, `/w/${params.workspace}/journeys/${id}`);
	},
	import: async ({ request, locals, params }) => {
		const form = await request.formData();
		const file = form.get('file');
		if (!(file instanceof File) || file.size === 0) return fail(400, { field: 'file', message: 'Choose a journey export (.json) to import.' });
		if (file.size > MAX_IMPORT_BYTES) return fail(400, { field: 'file', message: 'The file is larger than 5 MB.' });
		const parsed = parseJourneyFile(await file.text());
		if (!parsed.ok) return fail(400, { field: 'file', message: `${file.name}: ${parsed.message} Nothing was imported.` });
		let id: string;
		try {
			id = await journeys.createJourney(locals.supabase, serviceClient(locals.runtime.stack), params.workspace, {
				name: `${parsed.file.name} (imported)`.slice(0, 200),
				description: parsed.file.description,
				document: parsed.file.document
			});
		} catch (error) {
			return failFromError(error, 'file');
		}
		redirect(303, `/w/${params.workspace}/journeys/${id}`);
	},
	rename: async ({ request, locals }) => {
		const { data, failure } = await parseForm(request, journeyId.extend({ name: name('journey', 200) }));
		if (failure) return failure;
		try {
			await journeys.updateJourney(locals.supabase, data.journeyId, { name: data.name });
		} catch (error) {
			return failFromError(error);
		}
		return { success: 'Journey renamed.' };
	},
	duplicate: async ({ request, locals, params }) => {
		const { data, failure } = await parseForm(request, journeyId);
		if (failure) return failure;
		try {
			const id = await journeys.duplicateJourney(locals.supabase, serviceClient(locals.runtime.stack), data.journeyId);
			return { success: 'Journey duplicated.', created: id, workspace: params.workspace };
		} catch (error) {
			return failFromError(error);
		}
	},
	archive: async ({ request, locals }) => {
		const { data, failure } = await parseForm(request, journeyId.extend({ restore: z.string().optional() }));
		if (failure) return failure;
		try {
			await journeys.updateJourney(locals.supabase, data.journeyId, { archived: !data.restore });
		} catch (error) {
			return failFromError(error);
		}
		return { success: data.restore ? 'Journey restored.' : 'Journey archived. Find it under “Archived”.' };
	},
	delete: async ({ request, locals }) => {
		const { data, failure } = await parseForm(request, journeyId);
		if (failure) return failure;
		try {
			await journeys.deleteJourney(locals.supabase, data.journeyId);
		} catch (error) {
			return failFromError(error);
		}
		return { success: 'Journey deleted.' };
	}
};
