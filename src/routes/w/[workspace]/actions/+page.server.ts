import { z } from 'zod';
import { ACTION_STATUSES, DEFAULT_ACTION_FILTERS, filterActions, parseActionQuery, todayIso } from '#lib/domain/actions.js';
import { listActions, moveAction } from '#lib/server/data/actions.js';
import { listJourneys } from '#lib/server/data/journeys.js';
import { teamNames } from '#lib/server/data/teams.js';
import { listMembers } from '#lib/server/data/workspaces.js';
import { failFromError, parseForm } from '#lib/server/http/forms.js';
import type { Actions, PageServerLoad } from './$types';

/**
 * The actions of the workspace as a board (one column per status) or a list, with the filters
 * in the URL (journey, team, owner, status, overdue, search, sort) so a link keeps them.
 */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const query = parseActionQuery(url.searchParams);
	const filters = query.ok ? query.filters : DEFAULT_ACTION_FILTERS;
	const [actions, journeys, teams, members] = await Promise.all([
		listActions(locals.supabase, params.workspace, filters),
		listJourneys(locals.supabase, params.workspace),
		teamNames(locals.supabase, params.workspace),
		listMembers(locals.supabase, params.workspace)
	]);
	const today = todayIso();
	return {
		problem: query.ok ? null : query.message,
		filters,
		today,
		actions: filterActions(actions, filters, today),
		total: actions.length,
		journeys: journeys.map((j) => ({ id: j.id, name: j.name })),
		teams,
		members: members.map((m) => ({ id: m.userId, name: m.displayName || m.email }))
	};
};

const moveForm = z.object({
	id: z.uuid('Unknown action.'),
	status: z.enum(ACTION_STATUSES, { message: 'Choose a status.' }),
	rank: z.coerce.number().finite().optional(),
	shippedOn: z.iso.date('Enter the ship date as a date.').optional().or(z.literal('').transform(() => undefined))
});

export const actions: Actions = {
	move: async ({ request, locals, params }) => {
		const { data, failure } = await parseForm(request, moveForm);
		if (failure) return failure;
		try {
			await moveAction(locals.supabase, params.workspace, data.id, data.status, { rank: data.rank, shippedOn: data.shippedOn ?? null });
		} catch (error) {
			return failFromError(error, 'move', { id: data.id, status: data.status });
		}
		return { success: 'Moved.' };
	}
};
