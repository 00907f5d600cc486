import type { SupabaseClient } from '@supabase/supabase-js';
import { shareFollower } from '../data/shares.js';

/**
 * Who may follow (and who may drive) a journey's live presentation. Every live endpoint goes
 * through authorizeFollower and nothing else, so the share-link route extends this one function
 * (a valid share token of that journey → a follower who cannot drive).
 */
export interface FollowerAccess {
	journeyId: string;
	workspaceId: string;
	/** Owners and editors move the slides for everyone; viewers and share-link visitors follow. */
	canDrive: boolean;
	/** The signed-in member, or null for a share-link visitor. */
	userId: string | null;
	/** The client to read the presentation with (the member's, RLS applies). */
	db: SupabaseClient;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Null for anyone who may not see the journey (no session, not a member, no such journey: all the same answer). */
export async function authorizeFollower(event: { locals: App.Locals; url: URL }, journeyId: string): Promise<FollowerAccess | null> {
	if (!UUID.test(journeyId)) return null;
	const { locals } = event;
	// A share-link visitor (/share/<token>) follows with ?share=<token>: read-only, that journey only.
	const shareToken = event.url.searchParams.get('share');
	if (shareToken !== null) return shareFollower(locals.runtime.stack, shareToken, journeyId);
	if (!locals.user) return null;
	// As the user: RLS decides whether the journey is theirs to see.
	const journey = await locals.supabase.from('journeys').select('workspace_id').eq('id', journeyId).maybeSingle();
	if (journey.error || !journey.data) return null;
	const workspaceId = journey.data.workspace_id as string;
	const member = await locals.supabase.from('workspace_members').select('role').eq('workspace_id', workspaceId).eq('user_id', locals.user.id).maybeSingle();
	if (member.error || !member.data) return null;
	const role = member.data.role as string;
	return { journeyId, workspaceId, canDrive: role === 'owner' || role === 'editor', userId: locals.user.id, db: locals.supabase };
}
