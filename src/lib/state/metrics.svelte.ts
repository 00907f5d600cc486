import { browserClient } from '#lib/data/browser.js';
import { journeyMetrics, journeyTargets, type MetricFilters } from '#lib/data/metrics.js';
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
	private request = 0;

	constructor(
		readonly journeyId: string,
		private readonly onbadges: (badges: ReadonlyMap<string, MetricBadge[]>) => void
	) {}

	/** The filters as the RPCs take them; the period ends now and starts N days back. */
	get filters(): MetricFilters {
		const days = PERIOD_DAYS[this.period];
		return {
			from: days === null ? null : new Date(Date.now() - days * 86_400_000).toISOString(),
			to: null,
			personaId: this.personaId,
			channel: this.channel
		};
	}

	get filtered() {
		return this.period !== 'all' || this.personaId !== null || this.channel !== null;
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
	clearFilters() {
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
			const [rows, targets] = await Promise.all([journeyMetrics(db, this.journeyId, this.filters), journeyTargets(db, this.journeyId)]);
			if (request !== this.request) return; // a newer filter won
			this.rows = new Map(rows.map((r) => [r.touchpoint_id, r]));
			this.targets = targets;
			this.error = '';
			this.version++;
			this.onbadges(new Map(rows.map((r) => [r.touchpoint_id, metricBadges(r, targets)])));
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
