import type { SupabaseClient } from '@supabase/supabase-js';
import type { ActionStatus } from '#lib/domain/actions.js';

/** A journey's actions as the canvas shows them (browser, supabase-js as the user; RLS: members read). */
export interface CanvasAction {
	id: string;
	touchpointId: string | null;
	noteId: string | null;
	title: string;
	status: ActionStatus;
	dueOn: string | null;
	ownerName: string | null;
	teamName: string | null;
}

export async function listJourneyActions(db: SupabaseClient, journeyId: string): Promise<CanvasAction[]> {
	const { data, error } = await db
		.from('actions')
		.select('id, touchpoint_id, note_id, title, status, due_on, rank, teams(name), owner:profiles!actions_owner_id_fkey(display_name, email)')
		.eq('journey_id', journeyId)
		.order('rank')
		.returns<
			{ id: string; touchpoint_id: string | null; note_id: string | null; title: string; status: ActionStatus; due_on: string | null; teams: { name: string } | null; owner: { display_name: string; email: string } | null }[]
		>();
	if (error) throw new Error(`Could not load the actions: ${error.message}`);
	return data.map((a) => ({
		id: a.id,
		touchpointId: a.touchpoint_id,
		noteId: a.note_id,
		title: a.title,
		status: a.status,
		dueOn: a.due_on,
		ownerName: a.owner ? a.owner.display_name || a.owner.email : null,
		teamName: a.teams?.name ?? null
	}));
}
