import { z } from 'zod';
import { createTeam, deleteTeam, listTeams, updateTeam } from '#lib/server/data/teams.js';
import { failFromError, name, parseForm } from '#lib/server/http/forms.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => ({ teams: await listTeams(locals.supabase, params.workspace) });

const description = z.string().trim().max(1000, 'Use at most 1,000 characters.').default('');
const teamId = z.uuid('Unknown team.');

/** Runs one change and turns refusals (RLS, a taken name) into a form message. */
async function attempt(change: () => Promise<unknown>, success: string, values: Record<string, string> = {}) {
	try {
		await change();
	} catch (error) {
		return failFromError(error, 'teams', values);
	}
	return { success };
}

export const actions: Actions = {
	create: async ({ request, locals, params }) => {
		const { data, failure } = await parseForm(request, z.object({ name: name('team'), description }));
		if (failure) return failure;
		return attempt(() => createTeam(locals.supabase, params.workspace, data.name, data.description), `Team “${data.name}” created.`, data);
	},
	update: async ({ request, locals, params }) => {
		const { data, failure } = await parseForm(request, z.object({ teamId, name: name('team'), description }));
		if (failure) return failure;
		return attempt(() => updateTeam(locals.supabase, params.workspace, data.teamId, { name: data.name, description: data.description }), 'Team saved.');
	},
	delete: async ({ request, locals, params }) => {
		const { data, failure } = await parseForm(request, z.object({ teamId }));
		if (failure) return failure;
		return attempt(() => deleteTeam(locals.supabase, params.workspace, data.teamId), 'Team deleted: its touchpoints and actions have no team now.');
	}
};
