import { describe, expect, test } from 'vitest';
import {
	actionQuery,
	boardColumns,
	DEFAULT_ACTION_FILTERS,
	filterActions,
	isOverdue,
	parseActionQuery,
	rankBetween,
	type Action
} from '#lib/domain/actions.js';

const action = (over: Partial<Action>): Action => ({
	id: over.title ?? 'a',
	journeyId: 'j',
	journeyName: 'Broadband',
	touchpointId: 't',
	touchpointName: 'Support chat',
	noteId: null,
	title: 'A',
	description: '',
	status: 'proposed',
	ownerId: null,
	ownerName: null,
	teamId: null,
	teamName: null,
	dueOn: null,
	expectedMetric: null,
	expectedEffect: '',
	shippedOn: null,
	rank: 0,
	createdAt: '2026-11-01T00:00:00Z',
	updatedAt: '2026-11-01T00:00:00Z',
	...over
});

describe('action filters in the URL', () => {
	test('no parameters are the defaults, and the filter form’s empty fields mean "any"', () => {
		expect(parseActionQuery(new URLSearchParams())).toEqual({ ok: true, filters: DEFAULT_ACTION_FILTERS });
		expect(parseActionQuery(new URLSearchParams('view=list&q=&journey=&team=&owner=&status=&sort=due'))).toEqual({
			ok: true,
			filters: { ...DEFAULT_ACTION_FILTERS, view: 'list', sort: 'due' }
		});
	});

	test('every filter round-trips through actionQuery', () => {
		const id = '7d6f3c2e-1b5a-4c8d-9e0f-a1b2c3d4e5f6';
		const filters = { view: 'list', journeyId: id, teamId: id, ownerId: id, status: 'done', overdue: true, q: 'chat', sort: 'title' } as const;
		expect(parseActionQuery(new URLSearchParams(actionQuery(filters).slice(1)))).toEqual({ ok: true, filters });
		expect(actionQuery(DEFAULT_ACTION_FILTERS)).toBe('');
	});

	test('a bad value is a message, not a crash', () => {
		expect(parseActionQuery(new URLSearchParams('status=finished'))).toEqual({ ok: false, message: 'Unknown status in the link.' });
		expect(parseActionQuery(new URLSearchParams('journey=42'))).toMatchObject({ ok: false });
	});
});

describe('board and list', () => {
	test('overdue means a past due date on an open action', () => {
		expect(isOverdue(action({ dueOn: '2026-11-30' }), '2026-12-01')).toBe(true);
		expect(isOverdue(action({ dueOn: '2026-12-01' }), '2026-12-01')).toBe(false);
		expect(isOverdue(action({ dueOn: '2026-11-30', status: 'done' }), '2026-12-01')).toBe(false);
		expect(isOverdue(action({}), '2026-12-01')).toBe(false);
	});

	test('columns follow the status order, cards their rank', () => {
		const cols = boardColumns([action({ title: 'b', rank: 2 }), action({ title: 'a', rank: 1 }), action({ title: 'd', status: 'done' })]);
		expect(cols.map((c) => c.status)).toEqual(['proposed', 'planned', 'in_progress', 'done', 'dropped']);
		expect(cols[0]!.actions.map((a) => a.title)).toEqual(['a', 'b']);
		expect(cols[3]!.actions.map((a) => a.title)).toEqual(['d']);
	});

	test('a dropped card lands between its neighbours', () => {
		expect(rankBetween(1, 2)).toBe(1.5);
		expect(rankBetween(null, 2)).toBe(1);
		expect(rankBetween(5, null)).toBe(6);
	});

	test('search, overdue and sort by due date (undated last)', () => {
		const list = [action({ title: 'Late', dueOn: '2026-11-01' }), action({ title: 'Undated' }), action({ title: 'Soon', dueOn: '2026-12-10', touchpointName: 'Billing' })];
		const today = '2026-12-01';
		expect(filterActions(list, { ...DEFAULT_ACTION_FILTERS, sort: 'due' }, today).map((a) => a.title)).toEqual(['Late', 'Soon', 'Undated']);
		expect(filterActions(list, { ...DEFAULT_ACTION_FILTERS, overdue: true }, today).map((a) => a.title)).toEqual(['Late']);
		expect(filterActions(list, { ...DEFAULT_ACTION_FILTERS, q: 'billing' }, today).map((a) => a.title)).toEqual(['Soon']);
	});
});
