import { describe, expect, test } from 'vitest';
import {
	dataFreshness,
	daysOverdue,
	freshnessByJourney,
	hotspotsWithoutActions,
	isGoingStale,
	isOverdue,
	isStale,
	overdueActions,
	staleJourneys,
	staleMarkers,
	staleness,
	todayUtc,
	type FreshnessRow,
	type HotspotRef
} from '#lib/domain/digest.js';

const NOW = Date.UTC(2026, 11, 1, 12);
const DAY = 86_400_000;
const daysAgo = (d: number) => new Date(NOW - d * DAY).toISOString();

const row = (journey: string, id: string, lastDays: number | null, silent: boolean): FreshnessRow => ({
	journey_id: journey,
	touchpoint_id: id,
	touchpoint_name: `TP ${id}`,
	last_data_at: lastDays === null ? null : daysAgo(lastDays),
	silent
});

describe('data freshness', () => {
	test('newest evidence over the touchpoints; silent ones listed never-data first, then the oldest', () => {
		const d = dataFreshness([row('j', 'a', 3, false), row('j', 'b', 60, true), row('j', 'c', null, true), row('j', 'd', 90, true)]);
		expect(d.touchpoints).toBe(4);
		expect(d.lastDataAt).toBe(daysAgo(3));
		expect(d.silent.map((s) => s.id)).toEqual(['c', 'd', 'b']);
	});
	test('no data anywhere: lastDataAt is null, every touchpoint silent', () => {
		const d = dataFreshness([row('j', 'a', null, true)]);
		expect(d).toEqual({ touchpoints: 1, lastDataAt: null, silent: [{ id: 'a', name: 'TP a', lastDataAt: null }] });
		expect(dataFreshness([])).toEqual({ touchpoints: 0, silent: [], lastDataAt: null });
	});
	test('grouped by journey', () => {
		const byJourney = freshnessByJourney([row('j1', 'a', 1, false), row('j2', 'b', null, true), row('j1', 'c', 50, true)]);
		expect([...byJourney.keys()]).toEqual(['j1', 'j2']);
		expect(byJourney.get('j1')).toMatchObject({ touchpoints: 2, lastDataAt: daysAgo(1) });
		expect(byJourney.get('j2')!.silent).toHaveLength(1);
	});
});

describe('staleness', () => {
	const weeks = 6;
	test('a map edited exactly N weeks ago is stale; a day less is not', () => {
		const fresh = dataFreshness([row('j', 'a', 1, false)]);
		expect(staleness(daysAgo(42), fresh, weeks, NOW).mapStale).toBe(true);
		expect(staleness(daysAgo(41), fresh, weeks, NOW).mapStale).toBe(false);
	});
	test('the card marker needs more than half silent; the digest any', () => {
		const half = dataFreshness([row('j', 'a', 1, false), row('j', 'b', null, true)]);
		const s = staleness(daysAgo(1), half, weeks, NOW);
		expect(s).toEqual({ mapStale: false, mostlySilent: false, anySilent: true });
		expect(isStale(s)).toBe(false);
		expect(isGoingStale(s)).toBe(true);
		const most = dataFreshness([row('j', 'a', 1, false), row('j', 'b', null, true), row('j', 'c', 70, true)]);
		expect(isStale(staleness(daysAgo(1), most, weeks, NOW))).toBe(true);
	});
	test('an empty map is only stale by its age', () => {
		const none = dataFreshness([]);
		expect(isGoingStale(staleness(daysAgo(10), none, weeks, NOW))).toBe(false);
		expect(isStale(staleness(daysAgo(100), none, weeks, NOW))).toBe(true);
	});
	test('journeys going stale, old maps first, then the larger silent share, with the reason in words', () => {
		const journeys = [
			{ id: 'fresh', name: 'Fresh', updatedAt: daysAgo(2) },
			{ id: 'some', name: 'Some silent', updatedAt: daysAgo(2) },
			{ id: 'most', name: 'Most silent', updatedAt: daysAgo(2) },
			{ id: 'old', name: 'Old map', updatedAt: daysAgo(70) }
		];
		const data = freshnessByJourney([
			row('fresh', 'a', 1, false),
			row('some', 'b', 1, false),
			row('some', 'c', 1, false),
			row('some', 'd', null, true),
			row('most', 'e', null, true),
			row('most', 'f', 80, true),
			row('most', 'g', 2, false),
			row('old', 'h', 1, false)
		]);
		const stale = staleJourneys(journeys, data, 6, NOW);
		expect(stale.map((j) => j.id)).toEqual(['old', 'most', 'some']);
		expect(stale[0]!.reason).toBe('Map not edited for 10 weeks');
		expect(stale[1]!.reason).toBe('2 of 3 touchpoints without data for 6 weeks (1 never had any)');
		expect(stale[2]!.data.silent.map((s) => s.id)).toEqual(['d']);
	});
});

describe('the reason in words', () => {
	test('says when silent touchpoints never had any data', () => {
		const all = dataFreshness([row('j', 'a', null, true), row('j', 'b', null, true)]);
		const one = dataFreshness([row('j', 'a', null, true), row('j', 'b', 1, false)]);
		const reason = (d: ReturnType<typeof dataFreshness>) => staleJourneys([{ id: 'j', name: 'J', updatedAt: daysAgo(1) }], new Map([['j', d]]), 6, NOW)[0]!.reason;
		expect(reason(all)).toBe('2 of 2 touchpoints without data for 6 weeks (none ever had any)');
		expect(reason(one)).toBe('1 of 2 touchpoints without data for 6 weeks (it never had any)');
		const both = staleJourneys([{ id: 'j', name: 'J', updatedAt: daysAgo(49) }], new Map([['j', one]]), 6, NOW)[0]!;
		expect(both.reason).toBe('Map not edited for 7 weeks; 1 of 2 touchpoints without data for 6 weeks (it never had any)');
	});
});

describe('journey card markers', () => {
	test('only stale journeys (old map, or more than half silent) get a marker with the reason', () => {
		const journeys = [
			{ id: 'fresh', name: 'Fresh', updatedAt: daysAgo(2) },
			{ id: 'one', name: 'One of three silent', updatedAt: daysAgo(2) },
			{ id: 'most', name: 'Most silent', updatedAt: daysAgo(2) },
			{ id: 'old', name: 'Old empty map', updatedAt: daysAgo(50) }
		];
		const data = freshnessByJourney([
			row('fresh', 'a', 1, false),
			row('one', 'b', 1, false),
			row('one', 'c', 1, false),
			row('one', 'd', null, true),
			row('most', 'e', null, true),
			row('most', 'f', 2, false),
			row('most', 'g', 80, true)
		]);
		expect(staleMarkers(journeys, data, 6, NOW)).toEqual({
			most: '2 of 3 touchpoints without data for 6 weeks (1 never had any)',
			old: 'Map not edited for 7 weeks'
		});
	});
});

describe('hotspots without actions', () => {
	const hotspot = (id: string, score: number, isHotspot = true): HotspotRef => ({
		touchpoint_id: id,
		touchpoint_name: id,
		journey_id: 'j',
		journey_name: 'J',
		stage_name: 'S',
		friction_score: score,
		is_hotspot: isHotspot,
		explanation: null
	});
	test('only hotspots, and only those with no proposed, planned or in-progress action; worst first', () => {
		const rows = [hotspot('a', 60), hotspot('b', 90), hotspot('c', 80), hotspot('d', 99, false), hotspot('e', 70), hotspot('f', 75)];
		const actions = [
			{ touchpoint_id: 'c', status: 'in_progress' },
			{ touchpoint_id: 'e', status: 'done' },
			{ touchpoint_id: 'f', status: 'dropped' },
			{ touchpoint_id: 'a', status: 'proposed' },
			{ touchpoint_id: null, status: 'planned' }
		];
		expect(hotspotsWithoutActions(rows, actions).map((r) => r.touchpoint_id)).toEqual(['b', 'f', 'e']);
	});
});

describe('overdue actions', () => {
	const today = todayUtc(NOW);
	test('today in UTC', () => {
		expect(today).toBe('2026-12-01');
		expect(todayUtc(Date.UTC(2026, 11, 1, 23, 59))).toBe('2026-12-01');
	});
	test('due before today and still open; due today is not overdue', () => {
		expect(isOverdue({ due_on: '2026-11-30', status: 'planned' }, today)).toBe(true);
		expect(isOverdue({ due_on: '2026-12-01', status: 'planned' }, today)).toBe(false);
		expect(isOverdue({ due_on: '2026-11-01', status: 'done' }, today)).toBe(false);
		expect(isOverdue({ due_on: '2026-11-01', status: 'dropped' }, today)).toBe(false);
		expect(isOverdue({ due_on: null, status: 'proposed' }, today)).toBe(false);
		expect(daysOverdue('2026-11-30', today)).toBe(1);
		expect(daysOverdue('2026-02-28', '2026-03-01')).toBe(1);
	});
	test('longest overdue first, with the days', () => {
		const list = overdueActions(
			[
				{ title: 'B', due_on: '2026-11-20', status: 'proposed' },
				{ title: 'A', due_on: '2026-10-01', status: 'in_progress' },
				{ title: 'C', due_on: '2026-12-05', status: 'planned' }
			],
			today
		);
		expect(list.map((a) => [a.title, a.daysOverdue])).toEqual([
			['A', 61],
			['B', 11]
		]);
	});
});
