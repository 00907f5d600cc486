import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { ACTION_STATUSES } from '#lib/domain/actions.js';
import { actionImpact, addComment, deleteAction, deleteComment, getAction, impactTrend, listEvents, moveAction, updateAction } from '#lib/server/data/actions.js';
import { teamNames } from '#lib/server/data/teams.js';
import { listMembers } from '#lib/server/data/workspaces.js';
import { actionFieldsForm } from '#lib/server/http/action-form.js';
import { failFromError, parseForm } from '#lib/server/http/forms.js';
import type { Actions, PageServerLoad } from './$types';

const DAY = 86_400_000;
const windowOf = (url: URL) => {
	const days = Number(url.searchParams.get('window') ?? 28);
	return Number.isInteger(days) && days >= 1 && days <= 365 ? days : 28;
};

/**
 * One action: its fields, status, timeline and — once done with a ship date and on a
 * touchpoint — its impact (action_impact over `?window=` days, default 28) with the weekly trend.
 */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	if (!z.uuid().safeParse(params.action).success) error(404, 'No such action');
	const action = await getAction(locals.supabase, params.workspace, params.action);
	if (!action) error(404, 'No such action in this workspace (it may have been deleted).');
	const windowDays = windowOf(url);
	const measurable = action.shippedOn !== null && action.touchpointId !== null;
	const [events, teams, members, impact] = await Promise.all([
		listEvents(locals.supabase, action.id),
		teamNames(locals.supabase, params.workspace),
		listMembers(locals.supabase, params.workspace),
		measurable ? actionImpact(locals.supabase, action.id, windowDays) : Promise.resolve(null)
	]);
	let points: Awaited<ReturnType<typeof impactTrend>> = [];
	if (impact && action.touchpointId && action.shippedOn) {
		const metric = impact.find((r) => r.metric === action.expectedMetric)?.metric ?? impact.find((r) => r.significant)?.metric ?? impact[0]?.metric;
		const ship = Date.parse(`${action.shippedOn}T00:00:00Z`);
		if (metric) points = await impactTrend(locals.supabase, action.touchpointId, metric, new Date(ship - windowDays * DAY), new Date(ship + windowDays * DAY));
	}
	return {
		action,
		events,
		teams,
		members: members.map((m) => ({ id: m.userId, name: m.displayName || m.email })),
		impact,
		points,
		windowDays,
		created: url.searchParams.has('created'),
		userId: locals.user!.id
	};
};

const statusForm = z.object({
	status: z.enum(ACTION_STATUSES, { message: 'Choose a status.' }),
	shippedOn: z.iso.date('Enter the ship date as a date.').optional().or(z.literal('').transform(() => undefined))
});

export const actions: Actions = {
	update: async ({ request, locals, params }) => {
		const { data, failure } = await parseForm(request, actionFieldsForm);
		if (failure) return failure;
		try {
			await updateAction(locals.supabase, params.workspace, params.action, data);
		} catch (caught) {
			return failFromError(caught, 'title');
		}
		return { success: 'Saved.' };
	},
	status: async ({ request, locals, params }) => {
		const { data, failure } = await parseForm(request, statusForm);
		if (failure) return failure;
		try {
			await moveAction(locals.supabase, params.workspace, params.action, data.status, { shippedOn: data.shippedOn ?? null });
		} catch (caught) {
			return failFromError(caught, 'status');
		}
		return { success: data.status === 'done' ? 'Marked done: its impact is measured below.' : 'Status changed.' };
	},
	comment: async ({ request, locals, params }) => {
		const { data, failure } = await parseForm(request, z.object({ body: z.string().trim().min(1, 'Write a comment first.').max(5000, 'Use at most 5,000 characters.') }));
		if (failure) return failure;
		try {
			await addComment(locals.supabase, params.workspace, params.action, locals.user!.id, data.body);
		} catch (caught) {
			return failFromError(caught, 'body');
		}
		return { success: 'Comment added.' };
	},
	deleteComment: async ({ request, locals, params }) => {
		const { data, failure } = await parseForm(request, z.object({ eventId: z.coerce.number().int() }));
		if (failure) return failure;
		try {
			await deleteComment(locals.supabase, params.action, data.eventId);
		} catch (caught) {
			return failFromError(caught, 'body');
		}
		return { success: 'Comment deleted.' };
	},
	delete: async ({ locals, params }) => {
		try {
			await deleteAction(locals.supabase, params.workspace, params.action);
		} catch (caught) {
			return failFromError(caught, 'delete');
		}
		redirect(303, `/w/${params.workspace}/actions`);
	}
};
