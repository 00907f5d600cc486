/**
 * Comment threads on a journey's touchpoints and notes, as plain data. A thread is a first
 * comment (which carries the resolved state) and its replies in time order.
 */
export interface Comment {
	id: string;
	targetId: string;
	targetKind: 'touchpoint' | 'note';
	parentId: string | null;
	body: string;
	mentions: string[];
	authorId: string | null;
	authorName: string;
	resolvedAt: string | null;
	createdAt: string;
}

export interface Thread {
	root: Comment;
	replies: Comment[];
	resolved: boolean;
	/** Time of the newest comment in the thread (threads are listed by it). */
	lastActivity: string;
}

export interface Member {
	id: string;
	name: string;
}

/** Groups comments into threads, most recently active first. Orphan replies are dropped. */
export function toThreads(comments: readonly Comment[]): Thread[] {
	const byRoot = new Map<string, Thread>();
	for (const c of comments) {
		if (c.parentId === null) byRoot.set(c.id, { root: c, replies: [], resolved: c.resolvedAt !== null, lastActivity: c.createdAt });
	}
	for (const c of comments) {
		const thread = c.parentId === null ? undefined : byRoot.get(c.parentId);
		if (!thread) continue;
		thread.replies.push(c);
		if (c.createdAt > thread.lastActivity) thread.lastActivity = c.createdAt;
	}
	for (const thread of byRoot.values()) thread.replies.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
	return [...byRoot.values()].sort((a, b) => b.lastActivity.localeCompare(a.lastActivity));
}

/** Open threads per canvas node (the count badge on each node). */
export function openThreadCounts(threads: readonly Thread[]): Map<string, number> {
	const counts = new Map<string, number>();
	for (const t of threads) if (!t.resolved) counts.set(t.root.targetId, (counts.get(t.root.targetId) ?? 0) + 1);
	return counts;
}

/** Members mentioned in a text as "@Their Name" (longest names first, so "@Ann Lee" beats "@Ann"). */
export function findMentions(body: string, members: readonly Member[]): string[] {
	const found: string[] = [];
	let rest = body;
	for (const m of [...members].sort((a, b) => b.name.length - a.name.length)) {
		const tag = `@${m.name}`;
		if (m.name && rest.includes(tag)) {
			found.push(m.id);
			rest = rest.split(tag).join(' ');
		}
	}
	return found;
}

/** The text of a comment cut into plain runs and mentions, for highlighting (never as HTML). */
export function mentionSegments(body: string, mentioned: readonly Member[]): { text: string; mention: boolean }[] {
	const tags = mentioned.map((m) => `@${m.name}`).filter((t) => t.length > 1).sort((a, b) => b.length - a.length);
	const segments: { text: string; mention: boolean }[] = [];
	let plain = '';
	for (let i = 0; i < body.length; ) {
		const tag = body[i] === '@' ? tags.find((t) => body.startsWith(t, i)) : undefined;
		if (tag) {
			if (plain) segments.push({ text: plain, mention: false });
			segments.push({ text: tag, mention: true });
			plain = '';
			i += tag.length;
		} else {
			plain += body[i];
			i++;
		}
	}
	if (plain) segments.push({ text: plain, mention: false });
	return segments;
}

/** The word being typed after an "@" at the caret, for suggestions; null when not in a mention. */
export function mentionQuery(text: string, caret: number): { start: number; query: string } | null {
	const before = text.slice(0, caret);
	const at = before.lastIndexOf('@');
	if (at < 0 || (at > 0 && !/\s/.test(before[at - 1]!))) return null;
	const query = before.slice(at + 1);
	if (query.length > 40 || query.includes('\n')) return null;
	return { start: at, query };
}
