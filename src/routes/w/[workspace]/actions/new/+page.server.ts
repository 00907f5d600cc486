import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Action } from '#lib/domain/actions.js';
import type { FrictionRow } from '#lib/domain/friction/hotspots.js';
import type { ImpactMetric } from '#lib/domain/metrics/impact.js';
import { createAction } from '#lib/server/data/actions.js';
import { raise } from '#lib/server/data/errors.js';
import { listJourneys } from '#lib/server/data/journeys.js';
import { teamNames } from '#lib/server/data/teams.js';
import { listMembers } from '#lib/server/data/workspaces.js';
import { actionFieldsForm } from '#lib/server/http/action-form.js';
import { failFromError, parseForm } from '#lib/server/http/forms.js';
import type { Actions, PageServerLoad } from './$types';

const uuidOrNull = (value: string | null) => (value && z.uuid().safeParse(value).success ? value : null);

/** The metric a hotspot's explanation leads with (its worst term), as the one to move. */
const leadMetric = (reasons: readonly string[]): ImpactMetric | null =>
	(reasons.map((r) => /^(NPS|CSAT|CES|FRT|TTR)\b/.exec(r)?.[1]).find(Boolean)?.toLowerCase() as ImpactMetric | undefined) ?? null;

/**
 * A new action, usually started from a hotspot, a touchpoint or a note (`?journey=&touchpoint=`
 * or `&note=&title=`): the form arrives filled with what is known — the hotspot's explanation,
 * the metric it leads with, the touchpoint's owning team and person.
 */
export const load: PageServerLoad = async ({ locals, params, url, parent }) => {
	const { current } = await parent();
	if (current.role === 'viewer') error(403, 'Viewers cannot create actions; ask an editor of this workspace.');
	const journeyId = uuidOrNull(url.searchParams.get('journey'));
	const [journeys, teams, members] = await Promise.all([listJourneys(locals.supabase, params.workspace), teamNames(locals.supabase, params.workspace), listMembers(locals.supabase, params.workspace)]);
	const journey = journeys.find((j) => j.id === journeyId) ?? null;
	const base = { journeys: journeys.map((j) => ({ id: j.id, name: j.name })), teams, members: members.map((m) => ({ id: m.userId, name: m.displayName || m.email })) };
	if (!journey) return { ...base, journey: null, touchpoints: [], initial: {}, explanation: null, noteId: null };

	const [touchpoints, friction, owners] = await Promise.all([
		locals.supabase.from('touchpoints').select('id, name').eq('journey_id', journey.id).is('archived_at', null).order('position'),
		locals.supabase.rpc('friction_hotspots', { p_workspace_id: params.workspace, p_journey_id: journey.id }),
		locals.supabase.from('touchpoint_owners').select('touchpoint_id, team_id, member_id').eq('workspace_id', params.workspace)
	]);
	if (touchpoints.error) raise(touchpoints.error, 'list the touchpoints');
	if (friction.error) raise(friction.error, 'load the hotspots');
	if (owners.error) raise(owners.error, 'load the owners');
	const touchpointId = uuidOrNull(url.searchParams.get('touchpoint'));
	const tp = touchpoints.data.find((t) => t.id === touchpointId) ?? null;
	const hot = tp ? (friction.data as FrictionRow[]).find((r) => r.touchpoint_id === tp.id) : undefined;
	const owner = tp ? owners.data.find((o) => o.touchpoint_id === tp.id) : undefined;
	const noteTitle = url.searchParams.get('title')?.slice(0, 200) ?? '';
	const initial: Partial<Action> = {
		title: tp ? `Reduce friction at ${tp.name}` : noteTitle,
		touchpointId: tp?.id ?? null,
		description: hot?.is_hotspot ? `Hotspot (friction ${Math.round(hot.friction_score)}): ${hot.explanation}` : '',
		expectedMetric: hot ? leadMetric(hot.top_reasons) : null,
		teamId: owner?.team_id ?? null,
		ownerId: owner?.member_id ?? null
	};
	return { ...base, journey: { id: journey.id, name: journey.name }, touchpoints: touchpoints.data, initial, explanation: hot?.is_hotspot ? hot.explanation : null, noteId: uuidOrNull(url.searchParams.get('note')) };
};

const targetForm = z.object({
	journeyId: z.uuid('Choose a journey.'),
	touchpointId: z.preprocess((v) => (v === '' ? null : v), z.uuid('Unknown touchpoint.').nullable()).default(null),
	noteId: z.preprocess((v) => (v === '' ? null : v), z.uuid('Unknown note.').nullable()).default(null)
});

export const actions: Actions = {
	default: async ({ request, locals, params }) => {
		const { data, failure } = await parseForm(request, actionFieldsForm.extend(targetForm.shape));
		if (failure) return failure;
		const { journeyId, touchpointId, noteId, ...fields } = data;
		let id: string;
		try {
			id = await createAction(locals.supabase, params.workspace, { journeyId, touchpointId, noteId }, fields);
		} catch (caught) {
			return failFromError(caught, 'title', { ...fields, journeyId, touchpointId: touchpointId ?? '' } as Record<string, string>);
		}
		redirect(303, `/w/${params.workspace}/actions/${id}?created=1`);
	}
};
