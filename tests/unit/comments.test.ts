import { describe, expect, test } from 'vitest';
import { findMentions, mentionQuery, mentionSegments, openThreadCounts, toThreads, type Comment } from '#lib/domain/comments.js';
import { timeAgo } from '#lib/domain/time.js';
import { versionTitle } from '#lib/domain/versions.js';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 1, 10, minute)).toISOString();
const comment = (id: string, over: Partial<Comment> = {}): Comment => ({
	id,
	targetId: 'tp-1',
	targetKind: 'touchpoint',
	parentId: null,
	body: id,
	mentions: [],
	authorId: 'u1',
	authorName: 'Ann',
	resolvedAt: null,
	createdAt: at(0),
	...over
});

describe('threads', () => {
	test('group replies under their first comment in time order, newest activity first', () => {
		const threads = toThreads([
			comment('a', { createdAt: at(1) }),
			comment('b', { createdAt: at(2), targetId: 'tp-2' }),
			comment('a2', { parentId: 'a', createdAt: at(9) }),
			comment('a1', { parentId: 'a', createdAt: at(5) }),
			comment('orphan', { parentId: 'gone', createdAt: at(20) })
		]);
		expect(threads.map((t) => t.root.id)).toEqual(['a', 'b']);
		expect(threads[0]!.replies.map((r) => r.id)).toEqual(['a1', 'a2']);
		expect(threads[0]!.lastActivity).toBe(at(9));
	});

	test('count open threads per node; resolved ones do not count', () => {
		const counts = openThreadCounts(
			toThreads([comment('a'), comment('b'), comment('c', { resolvedAt: at(3) }), comment('d', { targetId: 'note-1', targetKind: 'note' })])
		);
		expect(Object.fromEntries(counts)).toEqual({ 'tp-1': 2, 'note-1': 1 });
	});
});

describe('mentions', () => {
	const members = [
		{ id: 'ann', name: 'Ann' },
		{ id: 'ann-lee', name: 'Ann Lee' },
		{ id: 'bob', name: 'Bob' }
	];

	test('find members by @name, the longest name first', () => {
		expect(findMentions('@Ann Lee can you check?', members)).toEqual(['ann-lee']);
		expect(findMentions('@Ann and @Bob', members).sort()).toEqual(['ann', 'bob']);
		expect(findMentions('email ann@example.com', members)).toEqual([]);
	});

	test('cut the text into plain runs and mentions (rendered as text, never HTML)', () => {
		expect(mentionSegments('Hi @Ann Lee, see <b>this</b>', [members[1]!])).toEqual([
			{ text: 'Hi ', mention: false },
			{ text: '@Ann Lee', mention: true },
			{ text: ', see <b>this</b>', mention: false }
		]);
		expect(mentionSegments('no one', [])).toEqual([{ text: 'no one', mention: false }]);
	});

	test('know when the caret is in a mention being typed', () => {
		expect(mentionQuery('Hello @An', 9)).toEqual({ start: 6, query: 'An' });
		expect(mentionQuery('mail a@b', 8)).toBeNull();
		expect(mentionQuery('@', 1)).toEqual({ start: 0, query: '' });
		expect(mentionQuery('plain text', 10)).toBeNull();
	});
});

describe('labels', () => {
	test('time ago', () => {
		const now = Date.parse(at(30));
		expect(timeAgo(at(30), now)).toBe('just now');
		expect(timeAgo(at(25), now)).toBe('5 minutes ago');
		expect(timeAgo(new Date(now - 26 * 3_600_000).toISOString(), now)).toBe('yesterday');
	});

	test('version titles', () => {
		expect(versionTitle({ kind: 'auto', name: '' })).toBe('Automatic version');
		expect(versionTitle({ kind: 'named', name: 'before workshop' })).toBe('before workshop');
		expect(versionTitle({ kind: 'restore', name: '' })).toBe('Before a restore');
	});
});
