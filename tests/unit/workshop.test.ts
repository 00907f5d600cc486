import { describe, expect, test } from 'vitest';
import {
	canVoteFor,
	formatClock,
	myVotes,
	parseDuration,
	rankResults,
	tally,
	timerRemainingMs,
	voteLabel,
	votesLeft,
	votesUsed,
	type Vote
} from '#lib/domain/workshop.js';

const vote = (nodeId: string, voterId: string, nodeKind: Vote['nodeKind'] = 'touchpoint'): Vote => ({ nodeId, voterId, nodeKind });
const votes = [vote('chat', 'ann'), vote('chat', 'ann'), vote('hotline', 'bob'), vote('chat', 'bob'), vote('note', 'ann', 'note'), vote('hotline', 'cy')];

describe('dot-voting counts', () => {
	test('tally counts dots per node; mine only mine', () => {
		expect(Object.fromEntries(tally(votes))).toEqual({ chat: 3, hotline: 2, note: 1 });
		expect(Object.fromEntries(myVotes(votes, 'ann'))).toEqual({ chat: 2, note: 1 });
		expect(votesUsed(votes, 'ann')).toBe(3);
		expect(votesUsed(votes, 'nobody')).toBe(0);
	});

	test('votes left never goes below zero', () => {
		expect(votesLeft({ votesPerPerson: 5 }, 3)).toBe(2);
		expect(votesLeft({ votesPerPerson: 3 }, 4)).toBe(0);
	});

	test('one more dot: only while open, under N, and on a fresh item when stacking is off', () => {
		const open = { votesPerPerson: 3, allowStacking: true, revealedAt: null };
		expect(canVoteFor(open, 2, 2)).toBe(true);
		expect(canVoteFor(open, 3, 0)).toBe(false);
		expect(canVoteFor({ ...open, allowStacking: false }, 1, 1)).toBe(false);
		expect(canVoteFor({ ...open, allowStacking: false }, 1, 0)).toBe(true);
		expect(canVoteFor({ ...open, revealedAt: '2026-12-01T10:00:00Z' }, 0, 0)).toBe(false);
	});

	test('ranking: most dots first, ties share a rank and sort by name, removed nodes keep a name', () => {
		const names = new Map([
			['chat', 'Support chat'],
			['hotline', 'Hotline'],
			['note', 'Slow refunds']
		]);
		const ranked = rankResults([...votes, vote('gone', 'cy'), vote('note', 'cy', 'note')], names);
		expect(ranked.map((r) => [r.rank, r.name, r.votes, r.kind])).toEqual([
			[1, 'Support chat', 3, 'touchpoint'],
			[2, 'Hotline', 2, 'touchpoint'],
			[2, 'Slow refunds', 2, 'note'],
			[4, 'A removed item', 1, 'touchpoint']
		]);
		expect(rankResults([], names)).toEqual([]);
	});

	test('accessible names say what a click does and how many votes are used', () => {
		expect(voteLabel('Support chat', 2, 5, 1, true)).toBe('Vote for Support chat, 2 of 5 votes used');
		expect(voteLabel('Support chat', 5, 5, 1, false)).toBe('Take back a vote from Support chat, 5 of 5 votes used');
		expect(voteLabel('Hotline', 1, 1, 0, false)).toBe('No votes left for Hotline, 1 of 1 vote used');
	});
});

describe('countdown timer', () => {
	const endsAt = '2026-12-01T10:05:00.000Z';
	const at = (iso: string) => Date.parse(iso);

	test('running: counts down to ends_at on the corrected clock, never below zero', () => {
		const timer = { durationSeconds: 300, endsAt, pausedRemainingMs: null };
		expect(timerRemainingMs(timer, at('2026-12-01T10:00:00.000Z'))).toBe(300_000);
		expect(timerRemainingMs(timer, at('2026-12-01T10:04:59.500Z'))).toBe(500);
		expect(timerRemainingMs(timer, at('2026-12-01T10:06:00.000Z'))).toBe(0);
		// This browser's clock is 2 s behind the server's.
		expect(timerRemainingMs(timer, at('2026-12-01T10:00:00.000Z'), 2000)).toBe(298_000);
	});

	test('paused: what was left stays put', () => {
		const timer = { durationSeconds: 300, endsAt: null, pausedRemainingMs: 61_200 };
		expect(timerRemainingMs(timer, at('2026-12-01T10:00:00Z'))).toBe(61_200);
		expect(timerRemainingMs(timer, at('2027-01-01T00:00:00Z'))).toBe(61_200);
	});

	test('mm:ss rounds up so zero shows only when it is over; minutes go past 59', () => {
		expect(formatClock(300_000)).toBe('5:00');
		expect(formatClock(299_001)).toBe('5:00');
		expect(formatClock(61_000)).toBe('1:01');
		expect(formatClock(9_500)).toBe('0:10');
		expect(formatClock(1)).toBe('0:01');
		expect(formatClock(0)).toBe('0:00');
		expect(formatClock(-5)).toBe('0:00');
		expect(formatClock(5_999_000)).toBe('99:59');
	});

	test('durations: minutes or m:ss, 1 s to 99:59', () => {
		expect(parseDuration('5')).toBe(300);
		expect(parseDuration(' 5:30 ')).toBe(330);
		expect(parseDuration('0:45')).toBe(45);
		expect(parseDuration('99:59')).toBe(5999);
		expect(parseDuration('0')).toBeNull();
		expect(parseDuration('0:00')).toBeNull();
		expect(parseDuration('5:60')).toBeNull();
		expect(parseDuration('100')).toBeNull();
		expect(parseDuration('five')).toBeNull();
		expect(parseDuration('')).toBeNull();
	});
});
