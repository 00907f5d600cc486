/**
 * Teams that own touchpoints (issue 8 item 1): what the Teams list says before a team is
 * deleted, and the rows of a team's page — its touchpoints with friction and metrics against
 * target, its open actions and its shipped ones. Pure; the rows come from
 * src/lib/server/data/teams.ts.
 */
import type { FrictionRow } from './friction/hotspots.js';
import type { ImpactMetric, ImpactRow, ImpactVerdict } from './metrics/impact.js';
import { impactVerdict, metricLabel } from './metrics/impact.js';
import { formatMetric, headline, METRIC_LABELS, metricBadges, type MetricBadge, type TargetMetric } from './metrics/targets.js';
import type { TouchpointMetricsRow } from './metrics/touchpoint.js';

export interface TeamSummary {
	id: string;
	name: string;
	description: string;
	createdAt: string;
	/** Live touchpoints it owns (on live journeys). */
	touchpoints: number;
	openActions: number;
	/** Every action of the team, open, done or dropped. */
	actions: number;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** What deleting a team does, in words: the touchpoints and actions stay, without a team. */
export function deleteTeamWarning(team: Pick<TeamSummary, 'touchpoints' | 'actions'>): string {
	const counts = [team.touchpoints > 0 && plural(team.touchpoints, 'touchpoint'), team.actions > 0 && plural(team.actions, 'action')].filter(Boolean);
	if (counts.length === 0) return 'It owns no touchpoints and has no actions, so nothing else changes.';
	const one = counts.length === 1 && team.touchpoints + team.actions === 1;
	return `${counts.join(' and ')} ${one ? 'loses its' : 'lose their'} team: ${one ? 'it stays' : 'they stay'}, without a team, and can be given to another.`;
}

/** A touchpoint a team owns, with what its page shows. */
export interface TeamTouchpoint {
	touchpointId: string;
	name: string;
	journeyId: string;
	journeyName: string;
	stageName: string | null;
	friction: number;
	isHotspot: boolean;
	explanation: string;
	/** Each metric with answers against its journey's target ('thin' below the minimum n). */
	metrics: TeamMetric[];
	memberName: string | null;
	openActions: number;
}

/** A metric badge with its target and n spelled out, for a table cell ("▼ NPS −73 · target +30 · n=447"). */
export interface TeamMetric extends MetricBadge {
	detail: string;
}

export function teamMetrics(row: TouchpointMetricsRow | undefined, targets: Readonly<Record<TargetMetric, number>>): TeamMetric[] {
	return metricBadges(row, targets).map((badge) => {
		const { n } = headline(row!, badge.metric);
		return badge.status === 'thin'
			? { ...badge, text: `${METRIC_LABELS[badge.metric]} not enough`, detail: `n=${n} of ${row!.min_n}` }
			: { ...badge, detail: `target ${formatMetric(badge.metric, targets[badge.metric])} · n=${n}` };
	});
}

export interface OwnedTouchpoint {
	touchpointId: string;
	memberName: string | null;
}

/**
 * The team's touchpoints, worst first: `friction` and `metrics` are the journeys' rows of
 * friction_hotspots and touchpoint_metrics, `targets` the journey_targets in force per journey.
 * A touchpoint missing from the friction rows (archived, or on an archived journey) is left out.
 */
export function teamTouchpoints(
	owned: readonly OwnedTouchpoint[],
	friction: readonly FrictionRow[],
	metrics: ReadonlyMap<string, TouchpointMetricsRow>,
	targets: ReadonlyMap<string, Readonly<Record<TargetMetric, number>>>,
	openActions: ReadonlyMap<string, number> = new Map()
): TeamTouchpoint[] {
	const byId = new Map(friction.map((r) => [r.touchpoint_id, r]));
	const rows: TeamTouchpoint[] = [];
	for (const o of owned) {
		const f = byId.get(o.touchpointId);
		const target = f && targets.get(f.journey_id);
		if (!f || !target) continue;
		rows.push({
			touchpointId: f.touchpoint_id,
			name: f.touchpoint_name,
			journeyId: f.journey_id,
			journeyName: f.journey_name,
			stageName: f.stage_name,
			friction: f.friction_score,
			isHotspot: f.is_hotspot,
			explanation: f.explanation,
			metrics: teamMetrics(metrics.get(f.touchpoint_id), target),
			memberName: o.memberName,
			openActions: openActions.get(f.touchpoint_id) ?? 0
		});
	}
	return rows.sort((a, b) => b.friction - a.friction || a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }));
}

export interface TeamAction {
	id: string;
	title: string;
	status: 'proposed' | 'planned' | 'in_progress' | 'done' | 'dropped';
	dueOn: string | null;
	shippedOn: string | null;
	expectedMetric: ImpactMetric | null;
	touchpointId: string | null;
	touchpointName: string | null;
	journeyId: string;
	journeyName: string;
	ownerName: string | null;
}

/** The headline of a shipped action's impact: the expected metric's row of action_impact, in words. */
export function impactHeadline(action: Pick<TeamAction, 'expectedMetric' | 'touchpointId'>, rows: readonly ImpactRow[] | null): ImpactVerdict | null {
	if (!action.expectedMetric || !action.touchpointId || rows === null) return null;
	const row = rows.find((r) => r.metric === action.expectedMetric);
	if (!row) return { kind: 'not-enough', text: `No ${metricLabel(action.expectedMetric)} data around the ship date yet.` };
	return impactVerdict(row);
}

/** Open actions per touchpoint, for the "n open actions" of each touchpoint row. */
export function openActionsByTouchpoint(actions: readonly Pick<TeamAction, 'touchpointId'>[]): Map<string, number> {
	const counts = new Map<string, number>();
	for (const a of actions) if (a.touchpointId) counts.set(a.touchpointId, (counts.get(a.touchpointId) ?? 0) + 1);
	return counts;
}
