import { browserClient } from '#lib/data/browser.js';
import { addComment, deleteComment, listComments, setResolved } from '#lib/data/comments.js';
import { findMentions, openThreadCounts, toThreads, type Comment, type Member } from '#lib/domain/comments.js';
import { RemoteActions } from './remote-actions.svelte.js';

interface Options {
	journeyId: string;
	workspaceId: string;
	me: Member;
	members: Member[];
	/** Tells the others on the journey (over the collaboration socket) to reload. */
	announce: () => void;
	/** Open thread counts per node changed (the canvas redraws its badges). */
	oncounts: (counts: ReadonlyMap<string, number>) => void;
}

/**
 * The comment threads of one journey: loaded through supabase-js as the user, reloaded when
 * someone else announces a change, written optimistically-never (the server's row is shown).
 */
export class CommentsState extends RemoteActions {
	comments = $state.raw<Comment[]>([]);
	loaded = $state(false);
	readonly threads = $derived(toThreads(this.comments));

	constructor(private readonly options: Options) {
		super();
	}

	protected announce() {
		this.options.announce();
	}

	get members() {
		return this.options.members;
	}
	get me() {
		return this.options.me;
	}

	async load() {
		try {
			this.set(await listComments(await browserClient(), this.options.journeyId));
			this.error = '';
		} catch (error) {
			this.error = error instanceof Error ? error.message : 'Could not load the comments.';
		} finally {
			this.loaded = true;
		}
	}

	/** Starts a thread on a node, or replies to one. Returns false (with `error` set) on failure. */
	post(target: { id: string; kind: 'touchpoint' | 'note' }, body: string, parentId: string | null = null) {
		return this.run(async () => {
			const comment = await addComment(await browserClient(), {
				workspaceId: this.options.workspaceId,
				journeyId: this.options.journeyId,
				targetId: target.id,
				targetKind: target.kind,
				parentId,
				body: body.trim(),
				mentions: findMentions(body, this.options.members),
				authorId: this.options.me.id
			});
			this.set([...this.comments, comment]);
		});
	}

	resolve(threadId: string, resolved: boolean) {
		return this.run(async () => {
			await setResolved(await browserClient(), threadId, resolved);
			const at = resolved ? new Date().toISOString() : null;
			this.set(this.comments.map((c) => (c.id === threadId ? { ...c, resolvedAt: at } : c)));
		});
	}

	remove(id: string) {
		return this.run(async () => {
			await deleteComment(await browserClient(), id);
			// Deleting a thread's first comment deletes its replies (on delete cascade).
			this.set(this.comments.filter((c) => c.id !== id && c.parentId !== id));
		});
	}

	private set(comments: Comment[]) {
		this.comments = comments;
		this.options.oncounts(openThreadCounts(toThreads(comments)));
	}
}
