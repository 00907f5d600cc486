import { browserClient } from '#lib/data/browser.js';
import { journeyMetrics, journeyTargets, type MetricFilters } from '#lib/data/metrics.js';
import { journeyFriction, stageExperience, type StageExperience } from '#lib/data/friction.js';
import type { FrictionRow } from '#lib/domain/friction/hotspots.js';
import { frictionMarks, type FrictionMark } from '#lib/domain/friction/overlay.js';
import { DEFAULT_TARGETS, metricBadges, type MetricBadge, type TargetMetric } from '#lib/domain/metrics/targets.js';
import type { TouchpointMetricsRow } from '#lib/domain/metrics/touchpoint.js';

export type PeriodPreset = 'all' | '30d' | '90d' | '365d';

export const PERIOD_LABELS: Record<PeriodPreset, string> = {
	all: 'All time',
	'30d': 'Last 30 days',
	'90d': 'Last 90 days',
	'365d': 'Last 12 months'
};

const PERIOD_DAYS: Record<PeriodPreset, number | null> = { all: null, '30d': 30, '90d': 90, '365d': 365 };

/** The replay slider goes back this many weeks; each position shows the 90 days before it. */
export const REPLAY_WEEKS = 26;
export const REPLAY_WINDOW_DAYS = 90;
const WEEK_MS = 7 * 86_400_000;

/** What the canvas draws from the metrics: badges always, friction and the experience curve with the overlay. */
export interface CanvasMetrics {
	badges: ReadonlyMap<string, MetricBadge[]>;
	friction: ReadonlyMap<string, FrictionMark> | null;
	experience: StageExperience[] | null;
}

/**
 * The metrics of one journey as the page shows them: the filters shared by the whole panel
 * (period, persona, channel), one `touchpoint_metrics` row per touchpoint, the targets in force,
 * and the badges the canvas draws. Filter setters reload; nothing is synced by an effect.
 */
export class JourneyMetrics {
	period = $state<PeriodPreset>('all');
	personaId = $state<string | null>(null);
	channel = $state<string | null>(null);
	rows = $state.raw<ReadonlyMap<string, TouchpointMetricsRow>>(new Map());
	targets = $state.raw<Record<TargetMetric, number>>({ ...DEFAULT_TARGETS });
	loaded = $state(false);
	loading = $state(false);
	error = $state('');
	/** Bumped on every completed load: views that fetch more (trend, verbatims) key on it. */
	version = $state(0);
	/** The friction overlay: touchpoints tinted by friction, hotspots marked, the data's experience curve. */
	overlay = $state(false);
	/** Replay: 0 = now; k = the 90 days ending k weeks ago (the period filter is set aside). */
	replayWeeksAgo = $state(0);
	hotspots = $state.raw<FrictionRow[]>([]);
	experience = $state.raw<StageExperience[]>([]);
	private request = 0;

	constructor(
		readonly journeyId: string,
		readonly workspaceId: string,
		private readonly onchange: (view: CanvasMetrics) => void
	) {}

	/** The filters as the RPCs take them; the period ends now (or at the replay week) and starts N days back. */
	get filters(): MetricFilters {
		if (this.overlay && this.replayWeeksAgo > 0) {
			const to = Date.now() - this.replayWeeksAgo * WEEK_MS;
			return {
				from: new Date(to - REPLAY_WINDOW_DAYS * 86_400_000).toISOString(),
				to: new Date(to).toISOString(),
				personaId: this.personaId,
				channel: this.channel
			};
		}
		const days = PERIOD_DAYS[this.period];
		return {
			from: days === null ? null : new Date(Date.now() - days * 86_400_000).toISOString(),
			to: null,
			personaId: this.personaId,
			channel: this.channel
		};
	}

	get filtered() {
		return this.period !== 'all' || this.personaId !== null || this.channel !== null || this.replayWeeksAgo > 0;
	}

	setPeriod(period: PeriodPreset) {
		this.period = period;
		void this.load();
	}
	setPersona(personaId: string | null) {
		this.personaId = personaId;
		void this.load();
	}
	setChannel(channel: string | null) {
		this.channel = channel;
		void this.load();
	}
	setOverlay(on: boolean) {
		this.overlay = on;
		if (!on) this.replayWeeksAgo = 0;
		void this.load();
	}
	setReplay(weeksAgo: number) {
		this.replayWeeksAgo = Math.max(0, Math.min(REPLAY_WEEKS, Math.round(weeksAgo)));
		void this.load();
	}
	/** The date the replay shows (the end of its 90-day window). */
	get replayDate(): Date {
		return new Date(Date.now() - this.replayWeeksAgo * WEEK_MS);
	}
	clearFilters() {
		this.replayWeeksAgo = 0;
		this.period = 'all';
		this.personaId = null;
		this.channel = null;
		void this.load();
	}

	async load() {
		const request = ++this.request;
		this.loading = true;
		try {
			const db = await browserClient();
			const filters = this.filters;
			const overlay = this.overlay;
			const [rows, targets, hotspots, experience] = await Promise.all([
				journeyMetrics(db, this.journeyId, filters),
				journeyTargets(db, this.journeyId),
				overlay ? journeyFriction(db, this.workspaceId, this.journeyId, filters) : Promise.resolve([]),
				overlay ? stageExperience(db, this.journeyId, filters) : Promise.resolve([])
			]);
			if (request !== this.request) return; // a newer filter won
			this.rows = new Map(rows.map((r) => [r.touchpoint_id, r]));
			this.targets = targets;
			this.hotspots = hotspots;
			this.experience = experience;
			this.error = '';
			this.version++;
			this.onchange({
				badges: new Map(rows.map((r) => [r.touchpoint_id, metricBadges(r, targets)])),
				friction: overlay ? frictionMarks(hotspots) : null,
				experience: overlay ? experience : null
			});
		} catch (error) {
			if (request === this.request) this.error = error instanceof Error ? error.message : 'Could not load the metrics.';
		} finally {
			if (request === this.request) {
				this.loading = false;
				this.loaded = true;
			}
		}
	}
}
