import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { getStaleAfterWeeks, setStaleAfterWeeks } from '#lib/server/data/freshness.js';
import { createIngestKey, listIngestKeys, revokeIngestKey } from '#lib/server/data/ingest.js';
import * as workspaces from '#lib/server/data/workspaces.js';
import { listJourneys } from '#lib/server/data/journeys.js';
import { loadTargetSettings, removeTarget, setMinN, setTarget } from '#lib/server/data/targets.js';
import { TARGET_METRICS, TARGET_RANGES, type TargetMetric } from '#lib/domain/metrics/targets.js';
import { email, failFromError, name, parseForm } from '#lib/server/http/forms.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, parent }) => {
	const { current } = await parent();
	const [members, invitations, ingestKeys, targets, journeys, staleAfterWeeks] = await Promise.all([
		workspaces.listMembers(locals.supabase, params.workspace),
		current.role === 'owner' ? workspaces.listInvitations(locals.supabase, params.workspace) : Promise.resolve([]),
		current.role === 'viewer' ? Promise.resolve([]) : listIngestKeys(locals.supabase, params.workspace),
		loadTargetSettings(locals.supabase, params.workspace),
		listJourneys(locals.supabase, params.workspace),
		getStaleAfterWeeks(locals.supabase, params.workspace)
	]);
	return { members, invitations, ingestKeys, targets, journeys: journeys.map((j) => ({ id: j.id, name: j.name })), staleAfterWeeks };
};

/** A target within the range of its metric (the check constraint of metric_targets). */
const targetValue = (metric: TargetMetric) => {
	const { min, max, unit } = TARGET_RANGES[metric];
	return z.coerce.number({ message: `Enter a number for ${metric.toUpperCase()}.` }).min(min, `${metric.toUpperCase()} must be at least ${min} (${unit}).`).max(max, `${metric.toUpperCase()} must be at most ${max} (${unit}).`);
};
const defaultsForm = z.object({
	nps: targetValue('nps'),
	csat: targetValue('csat'),
	ces: targetValue('ces'),
	frt: targetValue('frt'),
	ttr: targetValue('ttr'),
	// Absent when the field is disabled (only owners change it).
	minN: z.coerce.number({ message: 'Enter a whole number.' }).int('Enter a whole number.').min(1, 'At least 1.').max(10_000, 'At most 10,000.').optional()
});
const metricName = z.enum(TARGET_METRICS as [TargetMetric, ...TargetMetric[]], { message: 'Choose a metric.' });

const role = z.enum(['owner', 'editor', 'viewer'], { message: 'Choose owner, editor or viewer.' });
const userId = z.uuid('Unknown member.');

/** Runs one settings change and turns refusals into a form message. */
async function attempt(field: string, change: () => Promise<unknown>, success: string) {
	try {
		await change();
	} catch (error) {
		return failFromError(error, field);
	}
	return { success };
}

export const actions: Actions = {
	rename: async ({ request, locals, params }) => {
		const { data, failure } = await parseForm(request, z.object({ name: name('workspace') }));
		if (failure) return failure;
		return attempt('name', () => workspaces.renameWorkspace(locals.supabase, params.workspace, data.name), 'Workspace renamed.');
	},
	invite: async ({ request, locals, params }) => {
		const { data, failure } = await parseForm(request, z.object({ email, role }));
		if (failure) return failure;
		try {
			const outcome = await workspaces.inviteMember(locals.supabase, params.workspace, data.email, data.role);
			return {
				success:
					outcome === 'added'
						? `${data.email} was added as ${data.role}.`
						: outcome === 'member'
							? `${data.email} is already a member; change their role in the list below.`
							: `${data.email} is invited as ${data.role}: they join when they sign up with that email.`
			};
		} catch (error) {
			return failFromError(error, 'email', { email: data.email });
		}
	},
	changeRole: async ({ request, locals, params }) => {
		const { data, failure } = await parseForm(request, z.object({ userId, role }));
		if (failure) return failure;
		return attempt('members', () => workspaces.changeRole(locals.supabase, params.workspace, data.userId, data.role), 'Role changed.');
	},
	remove: async ({ request, locals, params }) => {
		const { data, failure } = await parseForm(request, z.object({ userId }));
		if (failure) return failure;
		return attempt('members', () => workspaces.removeMember(locals.supabase, params.workspace, data.userId), 'Member removed.');
	},
	revoke: async ({ request, locals, params }) => {
		const { data, failure } = await parseForm(request, z.object({ invitationId: z.uuid('Unknown invitation.') }));
		if (failure) return failure;
		return attempt('invitations', () => workspaces.revokeInvitation(locals.supabase, params.workspace, data.invitationId), 'Invitation revoked.');
	},
	createKey: async ({ request, locals, params }) => {
		const { data, failure } = await parseForm(request, z.object({ keyName: name('key', 80) }));
		if (failure) return failure;
		try {
			const key = await createIngestKey(locals.supabase, params.workspace, data.keyName);
			// The token is shown this once; only its hash is stored.
			return { success: `Key “${key.name}” created. Copy it now: it is not shown again.`, token: key.token };
		} catch (error) {
			return failFromError(error, 'keys');
		}
	},
	revokeKey: async ({ request, locals }) => {
		const { data, failure } = await parseForm(request, z.object({ keyId: z.uuid('Unknown key.') }));
		if (failure) return failure;
		return attempt('keys', () => revokeIngestKey(locals.supabase, data.keyId), 'Key revoked: requests with it now get 401.');
	},
	targets: async ({ request, locals, params }) => {
		const { data, failure } = await parseForm(request, defaultsForm);
		if (failure) return failure;
		return attempt(
			'targets',
			async () => {
				const current = await loadTargetSettings(locals.supabase, params.workspace);
				for (const metric of TARGET_METRICS) {
					if (data[metric] !== current.defaults[metric] || current.custom.includes(metric)) await setTarget(locals.supabase, params.workspace, null, metric, data[metric]);
				}
				if (data.minN !== undefined && data.minN !== current.minN) await setMinN(locals.supabase, params.workspace, data.minN);
			},
			'Targets saved.'
		);
	},
	staleAfter: async ({ request, locals, params }) => {
		const weeks = z.coerce.number({ message: 'Enter a whole number of weeks.' }).int('Enter a whole number of weeks.').min(1, 'At least 1 week.').max(104, 'At most 104 weeks (two years).');
		const { data, failure } = await parseForm(request, z.object({ staleAfterWeeks: weeks }));
		if (failure) return failure;
		return attempt('staleAfterWeeks', () => setStaleAfterWeeks(locals.supabase, params.workspace, data.staleAfterWeeks), `Saved: touchpoints without data for ${data.staleAfterWeeks} weeks are silent.`);
	},
	override: async ({ request, locals, params }) => {
		const { data, failure } = await parseForm(request, z.object({ journeyId: z.uuid('Choose a journey.'), metric: metricName, target: z.coerce.number({ message: 'Enter a number.' }) }));
		if (failure) return failure;
		const checked = targetValue(data.metric).safeParse(data.target);
		if (!checked.success) return fail(400, { field: 'target', message: checked.error.issues[0]!.message });
		return attempt('targets', () => setTarget(locals.supabase, params.workspace, data.journeyId, data.metric, checked.data), 'Journey target saved.');
	},
	removeOverride: async ({ request, locals, params }) => {
		const { data, failure } = await parseForm(request, z.object({ targetId: z.uuid('Unknown target.') }));
		if (failure) return failure;
		return attempt('targets', () => removeTarget(locals.supabase, params.workspace, data.targetId), 'Journey target removed: the workspace default applies.');
	},
	leave: async ({ locals, params }) => {
		const result = await attempt('danger', () => workspaces.removeMember(locals.supabase, params.workspace, locals.user!.id), '');
		if (!('success' in result)) return result;
		redirect(303, '/');
	},
	delete: async ({ locals, params }) => {
		const result = await attempt('danger', () => workspaces.deleteWorkspace(locals.supabase, params.workspace), '');
		if (!('success' in result)) return result;
		redirect(303, '/');
	}
};
