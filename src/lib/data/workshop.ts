import type { SupabaseClient } from '@supabase/supabase-js';
import type { VoteNodeKind, WorkshopSnapshot } from '#lib/domain/workshop.js';

/**
 * A journey's workshop (voting round and timer) through supabase-js as the signed-in user.
 * Reads go through workshop_state under RLS (own votes before the reveal, all after); rounds and
 * the timer change only through the facilitator RPCs; votes are rows the voter inserts and deletes.
 */
interface StateRow {
	now: string;
	round: { id: string; votes_per_person: number; allow_stacking: boolean; started_by: string | null; started_at: string; revealed_at: string | null } | null;
	voters: number;
	votes: { node_id: string; node_kind: VoteNodeKind; voter_id: string }[];
	timer: { duration_seconds: number; ends_at: string | null; paused_remaining_ms: number | null } | null;
}

function check<T>(result: { data: T | null; error: { message: string } | null }, what: string): T {
	if (result.error) throw new Error(`Could not ${what}: ${result.error.message}`);
	return result.data as T;
}

export async function loadWorkshop(db: SupabaseClient, journeyId: string): Promise<WorkshopSnapshot> {
	const asked = Date.now();
	const row = check(await db.rpc('workshop_state', { p_journey_id: journeyId }), 'load the workshop') as StateRow;
	// The server's clock is taken halfway through the request (good to a fraction of a second).
	const clockOffsetMs = Date.parse(row.now) - (asked + Date.now()) / 2;
	const round = row.round;
	return {
		round: round && {
			id: round.id,
			votesPerPerson: round.votes_per_person,
			allowStacking: round.allow_stacking,
			startedBy: round.started_by,
			startedAt: round.started_at,
			revealedAt: round.revealed_at
		},
		voters: row.voters,
		votes: row.votes.map((v) => ({ nodeId: v.node_id, nodeKind: v.node_kind, voterId: v.voter_id })),
		timer: row.timer && { durationSeconds: row.timer.duration_seconds, endsAt: row.timer.ends_at, pausedRemainingMs: row.timer.paused_remaining_ms },
		clockOffsetMs
	};
}

export async function castVote(db: SupabaseClient, roundId: string, node: { id: string; kind: VoteNodeKind }, voterId: string): Promise<void> {
	check(await db.from('votes').insert({ round_id: roundId, node_id: node.id, node_kind: node.kind, voter_id: voterId }), 'place the vote');
}

/** Takes back one of the caller's dots on a node (the newest). */
export async function withdrawVote(db: SupabaseClient, roundId: string, nodeId: string, voterId: string): Promise<void> {
	const mine = check(
		await db.from('votes').select('id').eq('round_id', roundId).eq('node_id', nodeId).eq('voter_id', voterId).order('created_at', { ascending: false }).limit(1),
		'find your vote'
	) as { id: string }[];
	if (mine.length === 0) return;
	const deleted = check(await db.from('votes').delete().eq('id', mine[0]!.id).select('id'), 'take back the vote') as { id: string }[];
	if (deleted.length === 0) throw new Error('Voting is over in this round.');
}

export async function startRound(db: SupabaseClient, journeyId: string, votesPerPerson: number, allowStacking: boolean): Promise<string> {
	return check(await db.rpc('start_vote_round', { p_journey_id: journeyId, p_votes_per_person: votesPerPerson, p_allow_stacking: allowStacking }), 'start the round') as string;
}

export async function revealRound(db: SupabaseClient, roundId: string): Promise<void> {
	check(await db.rpc('reveal_vote_round', { p_round_id: roundId }), 'reveal the votes');
}

export async function closeRound(db: SupabaseClient, roundId: string): Promise<void> {
	check(await db.rpc('close_vote_round', { p_round_id: roundId }), 'close the round');
}

export type TimerCommand = 'pause' | 'resume' | 'stop';

export async function startTimer(db: SupabaseClient, journeyId: string, seconds: number): Promise<void> {
	check(await db.rpc('start_workshop_timer', { p_journey_id: journeyId, p_seconds: seconds }), 'start the timer');
}

export async function controlTimer(db: SupabaseClient, journeyId: string, command: TimerCommand): Promise<void> {
	check(await db.rpc(`${command}_workshop_timer`, { p_journey_id: journeyId }), `${command} the timer`);
}
