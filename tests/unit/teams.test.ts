/**
 * Teams (issue 8 item 1), the pure parts: the team filter and "group by team" of the Hotspots
 * view (URL, rows, headings, CSV), what deleting a team says, and the rows of a team's page.
 */
import Papa from 'papaparse';
import { describe, expect, test } from 'vitest';
import { hotspotsCsv } from '#lib/domain/friction/export.js';
import {
	DEFAULT_FILTERS,
	groupByTeam,
	hotspotQuery,
	hotspotRows,
	NO_TEAM,
	parseHotspotQuery,
	teamCounts,
	teamSections,
	type FrictionRow,
	type TeamRef
} from '#lib/domain/friction/hotspots.js';
import type { ImpactRow } from '#lib/domain/metrics/impact.js';
import type { TouchpointMetricsRow } from '#lib/domain/metrics/touchpoint.js';
import { DEFAULT_TARGETS } from '#lib/domain/metrics/targets.js';
import { deleteTeamWarning, impactHeadline, openActionsByTouchpoint, teamTouchpoints } from '#lib/domain/teams.js';

const T = '33333333-3333-4333-8333-333333333333';
const J = '11111111-1111-4111-8111-111111111111';
const parse = (query: string) => parseHotspotQuery(new URLSearchParams(query));

const friction = (name: string, score: number, extra: Partial<FrictionRow> = {}): FrictionRow => ({
	touchpoint_id: `id-${name}`,
	touchpoint_name: name,
	journey_id: J,
	journey_name: 'Broadband',
	stage_name: 'Get help',
	friction_score: score,
	is_hotspot: score >= 50,
	evidence_n: 100,
	top_reasons: [],
	explanation: 'Meets its targets',
	...extra
});

const support: TeamRef = { id: T, name: 'Support hotline' };
const billing: TeamRef = { id: 'team-billing', name: 'billing' };
const rpc = [friction('Support chat', 100), friction('First bill', 90), friction('Hotline', 70), friction('Checkout', 40), friction('Autopay', 10)];
const owners = new Map([
	['id-Support chat', support],
	['id-Hotline', support],
	['id-First bill', billing],
	['id-Autopay', billing]
]);

describe('the team filter in the URL', () => {
	test('a team id or "none", and group=team, read and written back', () => {
		const parsed = parse(`team=${T.toUpperCase()}&group=team`);
		expect(parsed).toEqual({ ok: true, filters: { ...DEFAULT_FILTERS, teamId: T, groupByTeam: true } });
		if (!parsed.ok) return;
		expect(hotspotQuery(parsed.filters)).toBe(`?team=${T}&group=team`);
		expect(parse(`team=${NO_TEAM}`)).toEqual({ ok: true, filters: { ...DEFAULT_FILTERS, teamId: NO_TEAM } });
		expect(parse('team=&group=')).toEqual({ ok: true, filters: DEFAULT_FILTERS });
	});

	test.each([
		['team=web', /not a team id/],
		['group=journey', /“group” is “team”/]
	])('%s is refused with a reason', (query, message) => {
		const parsed = parse(query);
		expect(parsed.ok).toBe(false);
		if (!parsed.ok) expect(parsed.message).toMatch(message);
	});
});

describe('rows by team', () => {
	test('each row carries its owning team; the filter keeps a team (or the unowned) and ranks within it', () => {
		const all = hotspotRows(rpc, new Map(), DEFAULT_FILTERS, owners);
		expect(all.map((r) => r.team?.name ?? null)).toEqual(['Support hotline', 'billing', 'Support hotline', null, 'billing']);
		expect(hotspotRows(rpc, new Map(), { ...DEFAULT_FILTERS, teamId: T }, owners).map((r) => [r.rank, r.touchpointName])).toEqual([
			[1, 'Support chat'],
			[2, 'Hotline']
		]);
		expect(hotspotRows(rpc, new Map(), { ...DEFAULT_FILTERS, teamId: NO_TEAM }, owners).map((r) => r.touchpointName)).toEqual(['Checkout']);
		// Without owners (no teams yet) every row is unowned.
		expect(hotspotRows(rpc, new Map(), { ...DEFAULT_FILTERS, teamId: NO_TEAM }).map((r) => r.touchpointName)).toHaveLength(5);
	});

	test('grouped: teams by name ignoring case, the unowned last, the chosen sort kept inside each team', () => {
		const grouped = hotspotRows(rpc, new Map(), { ...DEFAULT_FILTERS, groupByTeam: true }, owners);
		expect(grouped.map((r) => `${r.team?.name ?? '—'}: ${r.rank} ${r.touchpointName}`)).toEqual([
			'billing: 2 First bill',
			'billing: 5 Autopay',
			'Support hotline: 1 Support chat',
			'Support hotline: 3 Hotline',
			'—: 4 Checkout'
		]);
		const byName = hotspotRows(rpc, new Map(), { ...DEFAULT_FILTERS, groupByTeam: true, sort: 'name' }, owners);
		expect(byName.map((r) => r.touchpointName)).toEqual(['Autopay', 'First bill', 'Hotline', 'Support chat', 'Checkout']);
		// Two teams of the same name (a rename race) stay apart.
		const twin = { id: 'team-twin', name: 'Billing' };
		const mixed = groupByTeam([{ team: billing, n: 1 }, { team: twin, n: 2 }, { team: billing, n: 3 }]);
		expect(mixed.map((r) => r.n)).toEqual(billing.id < twin.id ? [1, 3, 2] : [2, 1, 3]);
	});

	test('headings of one page count the team across every page', () => {
		const grouped = hotspotRows(rpc, new Map(), { ...DEFAULT_FILTERS, groupByTeam: true }, owners);
		const counts = teamCounts(grouped);
		expect(counts).toEqual({ 'team-billing': 2, [T]: 2, [NO_TEAM]: 1 });
		// Page 2 of pages of 3: the rest of Support hotline, then the unowned.
		expect(teamSections(grouped.slice(3), counts).map((s) => [s.team?.name ?? null, s.total, s.rows.length])).toEqual([
			['Support hotline', 2, 1],
			[null, 1, 1]
		]);
	});

	test('the CSV names each row’s team and its id', () => {
		const csv = Papa.parse<Record<string, string>>(hotspotsCsv(hotspotRows(rpc, new Map(), DEFAULT_FILTERS, owners)), { header: true, skipEmptyLines: true });
		expect(csv.data.map((r) => [r.touchpoint, r.team, r.team_id])).toEqual([
			['Support chat', 'Support hotline', T],
			['First bill', 'billing', 'team-billing'],
			['Hotline', 'Support hotline', T],
			['Checkout', '', ''],
			['Autopay', 'billing', 'team-billing']
		]);
	});
});

describe('deleting a team', () => {
	test('says what loses the team, in the right number', () => {
		expect(deleteTeamWarning({ touchpoints: 3, actions: 2 })).toBe('3 touchpoints and 2 actions lose their team: they stay, without a team, and can be given to another.');
		expect(deleteTeamWarning({ touchpoints: 1, actions: 0 })).toBe('1 touchpoint loses its team: it stays, without a team, and can be given to another.');
		expect(deleteTeamWarning({ touchpoints: 0, actions: 4 })).toMatch(/^4 actions lose their team/);
		expect(deleteTeamWarning({ touchpoints: 0, actions: 0 })).toBe('It owns no touchpoints and has no actions, so nothing else changes.');
	});
});

const metricsRow = (id: string, m: Partial<TouchpointMetricsRow>): TouchpointMetricsRow => ({
	touchpoint_id: id,
	touchpoint_name: id,
	stage_id: null,
	nps: null,
	nps_n: 0,
	nps_low: null,
	nps_high: null,
	csat_pct: null,
	csat_mean: null,
	csat_n: 0,
	csat_low: null,
	csat_high: null,
	ces_mean: null,
	ces_n: 0,
	ces_low: null,
	ces_high: null,
	ces_easy_pct: null,
	frt_median_minutes: null,
	frt_p90_minutes: null,
	ttr_mean_hours: null,
	ttr_median_hours: null,
	ttr_p90_hours: null,
	cases_open: null,
	feedback_n: null,
	negative_share: null,
	frt_n: null,
	ttr_n: null,
	min_n: 30,
	...m
});

describe('a team’s page', () => {
	test('its touchpoints worst first, metrics against the journey’s targets, archived ones left out', () => {
		const rows = teamTouchpoints(
			[
				{ touchpointId: 'id-Hotline', memberName: 'Dana' },
				{ touchpointId: 'id-Support chat', memberName: null },
				{ touchpointId: 'id-archived', memberName: null }
			],
			rpc,
			new Map([
				['id-Support chat', metricsRow('id-Support chat', { csat_pct: 21, csat_n: 390, nps_n: 12 })],
				['id-Hotline', metricsRow('id-Hotline', { ces_mean: 5.8, ces_n: 120 })]
			]),
			new Map([[J, { ...DEFAULT_TARGETS, ces: 5.5 }]]),
			openActionsByTouchpoint([{ touchpointId: 'id-Hotline' }, { touchpointId: 'id-Hotline' }, { touchpointId: null }])
		);
		expect(rows.map((r) => [r.name, r.friction, r.memberName, r.openActions])).toEqual([
			['Support chat', 100, null, 0],
			['Hotline', 70, 'Dana', 2]
		]);
		expect(rows[0]!.metrics.map((b) => [b.text, b.detail, b.label])).toEqual([
			['NPS not enough', 'n=12 of 30', 'NPS: not enough responses (12 of 30 needed)'],
			['CSAT 21%', 'target 80% · n=390', 'CSAT 21% (n=390), misses target 80%']
		]);
		expect(rows[1]!.metrics).toMatchObject([{ metric: 'ces', status: 'met', text: 'CES 5.8', detail: 'target 5.5 · n=120', label: 'CES 5.8 (n=120), meets target 5.5' }]);
	});

	test('a shipped action’s headline is its expected metric’s impact, in words', () => {
		const ces: ImpactRow = { metric: 'ces', before_value: 3.2, before_n: 300, after_value: 4.6, after_n: 300, delta: 1.4, delta_low: 1.1, delta_high: 1.7, significant: true, min_n: 30, needed_n: 0 };
		const action = { expectedMetric: 'ces' as const, touchpointId: 'tp' };
		expect(impactHeadline(action, [ces])).toEqual({ kind: 'improved', text: 'CES rose by 1.4 ± 0.3.' });
		expect(impactHeadline({ ...action, expectedMetric: 'nps' }, [ces])).toEqual({ kind: 'not-enough', text: 'No NPS data around the ship date yet.' });
		expect(impactHeadline({ ...action, expectedMetric: null }, [ces])).toBeNull();
		expect(impactHeadline(action, null)).toBeNull();
	});
});
