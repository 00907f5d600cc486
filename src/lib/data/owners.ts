import type { SupabaseClient } from '@supabase/supabase-js';

/**
 * Who owns a touchpoint, through supabase-js as the signed-in user: `touchpoint_owners` (one
 * row per owned touchpoint; RLS: members read, editors write), the workspace's teams and its
 * members to choose from. Ownership lives beside the journey document, not in it.
 */
export interface OwnerChoices {
	teams: { id: string; name: string }[];
	members: { id: string; name: string }[];
}

export interface Ownership {
	teamId: string | null;
	memberId: string | null;
}

/** Thrown while a touchpoint just drawn on the canvas has not reached the tables yet (stored 2 s after the last edit). */
export class NotSavedYet extends Error {}

function check<T>(result: { data: T | null; error: { code?: string; message: string } | null }, what: string): T {
	if (result.error?.code === '23503') throw new NotSavedYet('The touchpoint is still being saved.');
	if (result.error?.code === '42501') throw new Error(`You do not have permission to ${what}.`);
	if (result.error) throw new Error(`Could not ${what}: ${result.error.message}`);
	return result.data as T;
}

// The choices change rarely: one read per workspace every half minute, not one per selection.
const cache = new Map<string, { at: number; choices: Promise<OwnerChoices> }>();

export function ownerChoices(db: SupabaseClient, workspaceId: string, fresh = false): Promise<OwnerChoices> {
	const hit = cache.get(workspaceId);
	if (hit && !fresh && Date.now() - hit.at < 30_000) return hit.choices;
	const choices = (async () => {
		const [teams, members] = await Promise.all([
			db.from('teams').select('id, name').eq('workspace_id', workspaceId).order('name'),
			db.from('workspace_members').select('user_id, profiles!inner(email, display_name)').eq('workspace_id', workspaceId)
		]);
		const people = check(members, 'list the members') as unknown as { user_id: string; profiles: { email: string; display_name: string } }[];
		return {
			teams: check(teams, 'list the teams') as OwnerChoices['teams'],
			members: people.map((m) => ({ id: m.user_id, name: m.profiles.display_name || m.profiles.email })).sort((a, b) => a.name.localeCompare(b.name))
		};
	})();
	choices.catch(() => cache.delete(workspaceId));
	cache.set(workspaceId, { at: Date.now(), choices });
	return choices;
}

export async function loadOwnership(db: SupabaseClient, touchpointId: string): Promise<Ownership> {
	const row = check(await db.from('touchpoint_owners').select('team_id, member_id').eq('touchpoint_id', touchpointId).maybeSingle(), 'read the owner');
	const r = row as { team_id: string | null; member_id: string | null } | null;
	return { teamId: r?.team_id ?? null, memberId: r?.member_id ?? null };
}

/** Sets both (nothing chosen removes the row). Refusals (a viewer, a removed member) are thrown in words. */
export async function saveOwnership(db: SupabaseClient, workspaceId: string, touchpointId: string, owner: Ownership): Promise<void> {
	if (owner.teamId === null && owner.memberId === null) {
		check(await db.from('touchpoint_owners').delete().eq('touchpoint_id', touchpointId), 'change the owner');
		return;
	}
	const saved = check(
		await db
			.from('touchpoint_owners')
			.upsert({ touchpoint_id: touchpointId, workspace_id: workspaceId, team_id: owner.teamId, member_id: owner.memberId }, { onConflict: 'touchpoint_id' })
			.select('touchpoint_id'),
		'change the owner'
	) as unknown[];
	// RLS turns a viewer's write into no row rather than an error.
	if (saved.length === 0) throw new Error('You do not have permission to change the owner.');
}

const PAGE = 1000;

/** The owning team of every owned touchpoint of a journey (the Metrics tab groups and filters by it), paged past PostgREST's row limit. */
export async function teamsOfTouchpoints(db: SupabaseClient, journeyId: string): Promise<Map<string, string>> {
	const teams = new Map<string, string>();
	for (let from = 0; ; from += PAGE) {
		const rows = check(
			await db
				.from('touchpoint_owners')
				.select('touchpoint_id, team_id, touchpoints!inner(journey_id)')
				.eq('touchpoints.journey_id', journeyId)
				.not('team_id', 'is', null)
				.order('touchpoint_id')
				.range(from, from + PAGE - 1),
			'read the owners'
		) as unknown as { touchpoint_id: string; team_id: string }[];
		for (const r of rows) teams.set(r.touchpoint_id, r.team_id);
		if (rows.length < PAGE) return teams;
	}
}
