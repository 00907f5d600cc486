/**
 * Workshop tools on a journey, the pure part: dot-voting counts and ranking, and the countdown
 * timer's arithmetic. The database keeps the truth (RLS hides others' votes before the reveal);
 * this only turns what a member may read into what the canvas shows.
 */

export type VoteNodeKind = 'touchpoint' | 'note';

export interface VoteRound {
	id: string;
	votesPerPerson: number;
	/** Several of one person's dots may go on the same item. */
	allowStacking: boolean;
	startedBy: string | null;
	startedAt: string;
	revealedAt: string | null;
}

export interface Vote {
	nodeId: string;
	nodeKind: VoteNodeKind;
	voterId: string;
}

/** Running: counts down to endsAt. Paused: pausedRemainingMs stays put. */
export interface WorkshopTimer {
	durationSeconds: number;
	endsAt: string | null;
	pausedRemainingMs: number | null;
}

export interface WorkshopSnapshot {
	round: VoteRound | null;
	/** How many people have placed at least one dot (the only thing known of others before the reveal). */
	voters: number;
	votes: Vote[];
	timer: WorkshopTimer | null;
	/** The server's clock minus this browser's, in ms, when the snapshot was read. */
	clockOffsetMs: number;
}

export const MIN_VOTES = 1;
export const MAX_VOTES = 20;
export const MAX_TIMER_SECONDS = 5999;

/** Dots per node (all votes the caller may read: own before the reveal, everyone's after). */
export function tally(votes: readonly Vote[]): Map<string, number> {
	const counts = new Map<string, number>();
	for (const vote of votes) counts.set(vote.nodeId, (counts.get(vote.nodeId) ?? 0) + 1);
	return counts;
}

/** The caller's own dots per node. */
export const myVotes = (votes: readonly Vote[], me: string) => tally(votes.filter((v) => v.voterId === me));

export function votesUsed(votes: readonly Vote[], me: string): number {
	return votes.reduce((n, v) => n + (v.voterId === me ? 1 : 0), 0);
}

export const votesLeft = (round: Pick<VoteRound, 'votesPerPerson'>, used: number) => Math.max(0, round.votesPerPerson - used);

/** Whether one more dot may go on a node (the database enforces the same rules). */
export function canVoteFor(round: Pick<VoteRound, 'votesPerPerson' | 'allowStacking' | 'revealedAt'>, used: number, mineOnNode: number): boolean {
	if (round.revealedAt !== null) return false;
	if (used >= round.votesPerPerson) return false;
	return round.allowStacking || mineOnNode === 0;
}

export interface RankedItem {
	nodeId: string;
	kind: VoteNodeKind;
	name: string;
	votes: number;
	/** Standard competition ranking: ties share a rank (1, 1, 3). */
	rank: number;
}

/**
 * The results list: items with at least one dot, most first; ties by name so the order is
 * stable. Votes on nodes no longer on the canvas are kept under a placeholder name.
 */
export function rankResults(votes: readonly Vote[], names: ReadonlyMap<string, string>): RankedItem[] {
	const kinds = new Map(votes.map((v) => [v.nodeId, v.nodeKind]));
	const items = [...tally(votes)]
		.map(([nodeId, count]) => ({ nodeId, kind: kinds.get(nodeId)!, name: names.get(nodeId) ?? 'A removed item', votes: count, rank: 0 }))
		.sort((a, b) => b.votes - a.votes || a.name.localeCompare(b.name) || a.nodeId.localeCompare(b.nodeId));
	items.forEach((item, i) => (item.rank = i > 0 && items[i - 1]!.votes === item.votes ? items[i - 1]!.rank : i + 1));
	return items;
}

/** "Vote for Support chat, 2 of 5 votes used" (the dot button's accessible name). */
export function voteLabel(name: string, used: number, total: number, mineOnNode: number, canAdd: boolean): string {
	const usage = `${used} of ${total} vote${total === 1 ? '' : 's'} used`;
	if (canAdd) return `Vote for ${name}, ${usage}`;
	if (mineOnNode > 0) return `Take back a vote from ${name}, ${usage}`;
	return `No votes left for ${name}, ${usage}`;
}

/** Milliseconds left on the timer at `nowMs` (this browser's clock, corrected by the server's offset). */
export function timerRemainingMs(timer: WorkshopTimer, nowMs: number, clockOffsetMs = 0): number {
	if (timer.endsAt === null) return Math.max(0, timer.pausedRemainingMs ?? 0);
	return Math.max(0, Date.parse(timer.endsAt) - (nowMs + clockOffsetMs));
}

export const timerRunning = (timer: WorkshopTimer | null) => timer !== null && timer.endsAt !== null;

/** mm:ss, rounding up (a countdown shows 0:01 until it is really over); minutes may pass 59. */
export function formatClock(ms: number): string {
	const seconds = Math.ceil(Math.max(0, ms) / 1000);
	return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** A duration typed by the facilitator: "5" (minutes), "5:30" or "0:45" (m:ss). Null when not valid. */
export function parseDuration(text: string): number | null {
	const value = text.trim();
	const match = /^(\d{1,2})(?::([0-5]\d))?$/.exec(value);
	if (!match) return null;
	const seconds = Number(match[1]) * 60 + (match[2] === undefined ? 0 : Number(match[2]));
	return seconds >= 1 && seconds <= MAX_TIMER_SECONDS ? seconds : null;
}
