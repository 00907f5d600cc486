import type { SupabaseClient } from '@supabase/supabase-js';
import type { Comment } from '#lib/domain/comments.js';

/** Comments of a journey through supabase-js as the signed-in user (RLS: members read and write). */
interface CommentRow {
	id: string;
	target_id: string;
	target_kind: 'touchpoint' | 'note';
	parent_id: string | null;
	body: string;
	mentions: string[];
	author_id: string | null;
	resolved_at: string | null;
	created_at: string;
	profiles: { display_name: string; email: string } | null;
}

const COLUMNS = 'id, target_id, target_kind, parent_id, body, mentions, author_id, resolved_at, created_at, profiles!comments_author_id_fkey(display_name, email)';

const toComment = (row: CommentRow): Comment => ({
	id: row.id,
	targetId: row.target_id,
	targetKind: row.target_kind,
	parentId: row.parent_id,
	body: row.body,
	mentions: row.mentions,
	authorId: row.author_id,
	authorName: row.profiles ? row.profiles.display_name || row.profiles.email : 'Former member',
	resolvedAt: row.resolved_at,
	createdAt: row.created_at
});

function check<T>(result: { data: T | null; error: { message: string } | null }, what: string): T {
	if (result.error) throw new Error(`Could not ${what}: ${result.error.message}`);
	return result.data as T;
}

export async function listComments(db: SupabaseClient, journeyId: string): Promise<Comment[]> {
	const result = await db.from('comments').select(COLUMNS).eq('journey_id', journeyId).order('created_at').limit(5000).returns<CommentRow[]>();
	return check(result, 'load the comments').map(toComment);
}

export async function addComment(
	db: SupabaseClient,
	input: { workspaceId: string; journeyId: string; targetId: string; targetKind: 'touchpoint' | 'note'; parentId: string | null; body: string; mentions: string[]; authorId: string }
): Promise<Comment> {
	const result = await db
		.from('comments')
		.insert({
			workspace_id: input.workspaceId,
			journey_id: input.journeyId,
			target_id: input.targetId,
			target_kind: input.targetKind,
			parent_id: input.parentId,
			body: input.body,
			mentions: input.mentions,
			author_id: input.authorId
		})
		.select(COLUMNS)
		.single<CommentRow>();
	return toComment(check(result, 'post the comment'));
}

/** Resolves or reopens a thread (its first comment). */
export async function setResolved(db: SupabaseClient, threadId: string, resolved: boolean): Promise<void> {
	const result = await db.from('comments').update({ resolved_at: resolved ? new Date().toISOString() : null }).eq('id', threadId).select('id');
	if (check(result, resolved ? 'resolve the thread' : 'reopen the thread').length === 0) throw new Error('Only editors and the author can do that.');
}

export async function deleteComment(db: SupabaseClient, id: string): Promise<void> {
	const result = await db.from('comments').delete().eq('id', id).select('id');
	if (check(result, 'delete the comment').length === 0) throw new Error('Only the author or a workspace owner can delete a comment.');
}
