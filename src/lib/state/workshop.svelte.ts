import { getContext, setContext } from 'svelte';
import { browserClient } from '#lib/data/browser.js';
import { castVote, closeRound, controlTimer, loadWorkshop, revealRound, startRound, startTimer, withdrawVote, type TimerCommand } from '#lib/data/workshop.js';
import { canVoteFor, myVotes, tally, timerRemainingMs, timerRunning, votesLeft, votesUsed, type VoteNodeKind, type WorkshopSnapshot } from '#lib/domain/workshop.js';
import { RemoteActions } from './remote-actions.svelte.js';

interface Options {
	journeyId: string;
	me: { id: string };
	/** Tells the others on the journey (over the collaboration socket) to reload. */
	announce: (notice: 'votes' | 'timer') => void;
}

const EMPTY: WorkshopSnapshot = { round: null, voters: 0, votes: [], timer: null, clockOffsetMs: 0 };

/**
 * A journey's workshop as one member sees it: the live voting round (own dots before the reveal,
 * everyone's after, as RLS allows), and the countdown, which ticks locally against ends_at (no
 * traffic per second). Reloaded whenever someone announces 'votes' or 'timer'.
 */
export class WorkshopState extends RemoteActions {
	private readonly options: Options;
	snapshot = $state.raw<WorkshopSnapshot>(EMPTY);
	/** This browser's clock, advanced four times a second while a timer runs. */
	now = $state(Date.now());
	/** A running countdown has reached zero. */
	timeUp = $state(false);
	/** Bumped when this tab saw the countdown reach zero (the timer chimes then, not for a late joiner). */
	chimes = $state(0);

	readonly round = $derived(this.snapshot.round);
	readonly revealed = $derived(this.round?.revealedAt != null);
	readonly used = $derived.by(() => votesUsed(this.snapshot.votes, this.options.me.id));
	readonly left = $derived(this.round ? votesLeft(this.round, this.used) : 0);
	readonly mine = $derived.by(() => myVotes(this.snapshot.votes, this.options.me.id));
	/** Dots per node: the caller's own before the reveal, everyone's after. */
	readonly counts = $derived(tally(this.snapshot.votes));
	readonly timer = $derived(this.snapshot.timer);
	readonly remainingMs = $derived(this.timer ? timerRemainingMs(this.timer, this.now, this.snapshot.clockOffsetMs) : 0);

	private notice: 'votes' | 'timer' = 'votes';
	private ticker: ReturnType<typeof setInterval> | undefined;

	constructor(options: Options) {
		super();
		this.options = options;
	}

	protected announce() {
		this.options.announce(this.notice);
	}

	async load() {
		try {
			const before = this.timer;
			this.snapshot = await loadWorkshop(await browserClient(), this.options.journeyId);
			if (this.timer?.endsAt !== before?.endsAt) this.timeUp = false;
			this.error = '';
		} catch (error) {
			this.error = error instanceof Error ? error.message : 'Could not load the workshop.';
		}
		this.tick(false);
		this.syncTicker();
	}

	canAdd(nodeId: string) {
		return this.round !== null && canVoteFor(this.round, this.used, this.mine.get(nodeId) ?? 0);
	}

	/** The dot button: one more dot when allowed, else takes one back (if the node has some of mine). */
	toggle(node: { id: string; kind: VoteNodeKind }) {
		const round = this.round;
		if (!round || this.revealed) return Promise.resolve(false);
		if (this.canAdd(node.id)) return this.write('votes', async (db) => castVote(db, round.id, node, this.options.me.id));
		if ((this.mine.get(node.id) ?? 0) > 0) return this.takeBack(node.id);
		return Promise.resolve(false);
	}

	takeBack(nodeId: string) {
		const round = this.round;
		if (!round) return Promise.resolve(false);
		return this.write('votes', (db) => withdrawVote(db, round.id, nodeId, this.options.me.id));
	}

	startRound(votesPerPerson: number, allowStacking: boolean) {
		return this.write('votes', async (db) => void (await startRound(db, this.options.journeyId, votesPerPerson, allowStacking)));
	}

	reveal() {
		const round = this.round;
		return round ? this.write('votes', (db) => revealRound(db, round.id)) : Promise.resolve(false);
	}

	close() {
		const round = this.round;
		return round ? this.write('votes', (db) => closeRound(db, round.id)) : Promise.resolve(false);
	}

	startTimer(seconds: number) {
		return this.write('timer', (db) => startTimer(db, this.options.journeyId, seconds));
	}

	controlTimer(command: TimerCommand) {
		return this.write('timer', (db) => controlTimer(db, this.options.journeyId, command));
	}

	destroy() {
		clearInterval(this.ticker);
		this.ticker = undefined;
	}

	private write(notice: 'votes' | 'timer', body: (db: Awaited<ReturnType<typeof browserClient>>) => Promise<void>) {
		this.notice = notice;
		return this.run(async () => {
			await body(await browserClient());
			await this.load();
		});
	}

	private tick(live: boolean) {
		this.now = Date.now();
		if (timerRunning(this.timer) && this.remainingMs === 0 && !this.timeUp) {
			this.timeUp = true;
			if (live) this.chimes++;
			this.syncTicker();
		}
	}

	private syncTicker() {
		const needed = timerRunning(this.timer) && !this.timeUp;
		if (needed && !this.ticker) this.ticker = setInterval(() => this.tick(true), 250);
		if (!needed && this.ticker) this.destroy();
	}
}

const KEY = Symbol('workshop');

/** The canvas provides its workshop; nodes (dot buttons) reach it here, and find none on version previews. */
export const provideWorkshop = (workshop: WorkshopState): WorkshopState => setContext(KEY, workshop);
export const useWorkshop = () => getContext<WorkshopState | undefined>(KEY);
