/**
 * Actions, teams and impact in SQL (supabase/migrations/20261202120000_actions.sql) through
 * supabase-js as real members: planted before/after data gives a significant CES rise at
 * n = 300 a side and "not enough data" at n = 12, SQL equals the TypeScript reference, the
 * timeline records status changes, and RLS keeps viewers and outsiders out.
 */
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { moments, npsDifference, proportionDifference, welchDifference, type ImpactRow } from '#lib/domain/metrics/impact.js';
import { Random } from '#lib/domain/random.js';
import type { Stack } from '#lib/server/stack/index.js';
import { serviceClient } from '#lib/server/supabase.js';
import { createJourneyWithTouchpoints } from '../support/imports.js';
import { engines } from '../support/stacks.js';
import { createUser, type TestUser } from '../support/users.js';

const DAY = 86_400_000;
const SHIP = '2026-10-01';
const SHIP_MS = Date.UTC(2026, 9, 1);

/** CES answers whose mean is close to `mean`, spread over the 28 days on one side of the ship date. */
function cesAnswers(random: Random, touchpointId: string, workspaceId: string, mean: number, n: number, after: boolean) {
	return Array.from({ length: n }, (_, i) => ({
		workspace_id: workspaceId,
		touchpoint_id: touchpointId,
		metric: 'ces',
		score: Math.min(7, Math.max(1, Math.round(mean + 1.2 * random.normal()))),
		scale_max: 7,
		responded_at: new Date(SHIP_MS + (after ? 1 : -1) * (((i * 27.9) / n) * DAY + 3_600_000)).toISOString()
	}));
}

async function insert(service: SupabaseClient, table: string, rows: object[]) {
	for (let i = 0; i < rows.length; i += 1000) {
		const { error } = await service.from(table).insert(rows.slice(i, i + 1000));
		if (error) throw new Error(`${table}: ${error.message}`);
	}
}

for (const engine of engines) {
	describe(`actions on ${engine.name}`, () => {
		let stack: Stack;
		let service: SupabaseClient;
		let owner: TestUser;
		let viewer: TestUser;
		let outsider: TestUser;
		let workspaceId: string;
		let journeyId: string;
		let touchpoints: { id: string; name: string }[];
		const planted = { ces300: [] as object[], ces12: [] as object[], mixed: [] as Record<string, unknown>[] };

		beforeAll(async () => {
			stack = await engine.start();
			service = serviceClient(stack);
			[owner, viewer, outsider] = await Promise.all([createUser(stack, 'owner'), createUser(stack, 'viewer'), createUser(stack, 'outsider')]);
			const ws = await owner.client.rpc('create_workspace', { p_name: 'Actions' });
			if (ws.error) throw ws.error;
			workspaceId = ws.data.id;
			await service.from('workspace_members').insert({ workspace_id: workspaceId, user_id: viewer.id, role: 'viewer' }).throwOnError();
			({ journeyId, touchpoints } = await createJourneyWithTouchpoints(service, workspaceId, ['Hotline', 'Chat', 'Mixed']));
			const random = new Random(8);
			planted.ces300 = [...cesAnswers(random, touchpoints[0]!.id, workspaceId, 3.2, 300, false), ...cesAnswers(random, touchpoints[0]!.id, workspaceId, 5.0, 300, true)];
			planted.ces12 = [...cesAnswers(random, touchpoints[1]!.id, workspaceId, 3.2, 12, false), ...cesAnswers(random, touchpoints[1]!.id, workspaceId, 5.0, 12, true)];
			for (let i = 0; i < 400; i++) {
				const after = i % 2 === 1;
				const at = new Date(SHIP_MS + (after ? 1 : -1) * (1 + random.next() * 26) * DAY).toISOString();
				const base = { workspace_id: workspaceId, touchpoint_id: touchpoints[2]!.id, responded_at: at };
				planted.mixed.push({ ...base, metric: 'nps', score: Math.min(10, Math.max(0, Math.round(6 + (after ? 2 : 0) + 2.5 * random.normal()))), scale_max: 10 });
				planted.mixed.push({ ...base, metric: 'csat', score: Math.min(5, Math.max(1, Math.round(3.4 + (after ? 0.6 : 0) + random.normal()))), scale_max: 5 });
			}
			// Outside both windows: must not count.
			planted.mixed.push({ workspace_id: workspaceId, touchpoint_id: touchpoints[2]!.id, responded_at: new Date(SHIP_MS - 40 * DAY).toISOString(), metric: 'nps', score: 0, scale_max: 10 });
			await insert(service, 'survey_responses', [...planted.ces300, ...planted.ces12, ...planted.mixed]);
			const cases = Array.from({ length: 80 }, (_, i) => {
				const after = i % 2 === 1;
				const opened = SHIP_MS + (after ? 1 : -1) * (2 + (i % 20)) * DAY;
				const frtMinutes = after ? 20 + (i % 7) * 3 : 70 + (i % 9) * 5;
				return {
					workspace_id: workspaceId,
					touchpoint_id: touchpoints[2]!.id,
					opened_at: new Date(opened).toISOString(),
					first_response_at: new Date(opened + frtMinutes * 60_000).toISOString(),
					resolved_at: i % 10 === 0 ? null : new Date(opened + (after ? 5 : 9) * 3_600_000 + i * 60_000).toISOString()
				};
			});
			await insert(service, 'service_cases', cases);
		});
		afterAll(async () => {
			await stack?.stop();
		});

		async function createAction(touchpointId: string, fields: object = {}) {
			const { data, error } = await owner.client
				.from('actions')
				.insert({ workspace_id: workspaceId, journey_id: journeyId, touchpoint_id: touchpointId, title: 'Call-back instead of queue', expected_metric: 'ces', ...fields })
				.select('*')
				.single();
			if (error) throw error;
			return data as { id: string; status: string };
		}

		const impact = async (id: string, days = 28) => {
			const { data, error } = await owner.client.rpc('action_impact', { p_action_id: id, p_window_days: days });
			if (error) throw error;
			return data as ImpactRow[];
		};

		test('CES 3.2 -> 5.0 with n = 300 a side is a significant rise', async () => {
			const action = await createAction(touchpoints[0]!.id, { status: 'done', shipped_on: SHIP });
			const [ces, ...others] = await impact(action.id);
			expect(others).toEqual([]);
			expect(ces).toMatchObject({ metric: 'ces', before_n: 300, after_n: 300, significant: true, min_n: 30, needed_n: 0 });
			expect(ces!.before_value).toBeGreaterThan(2.9);
			expect(ces!.before_value).toBeLessThan(3.5);
			expect(ces!.after_value).toBeGreaterThan(4.7);
			expect(ces!.delta_low!).toBeGreaterThan(1);
			expect(ces!.delta_high! - ces!.delta_low!).toBeLessThan(0.6);
			// The same numbers as the TypeScript reference on the same answers.
			const scores = (after: boolean) => (planted.ces300 as { score: number; responded_at: string }[]).filter((r) => (Date.parse(r.responded_at) >= SHIP_MS) === after).map((r) => r.score);
			const ref = welchDifference(moments(scores(false)), moments(scores(true)))!;
			expect(ces!.delta).toBeCloseTo(ref.delta, 10);
			expect(ces!.delta_low).toBeCloseTo(ref.low, 4);
			expect(ces!.delta_high).toBeCloseTo(ref.high, 4);
		});

		test('with n = 12 a side it is not enough data, and says how many more are needed', async () => {
			const action = await createAction(touchpoints[1]!.id, { status: 'done', shipped_on: SHIP });
			const [ces] = await impact(action.id);
			expect(ces).toMatchObject({ metric: 'ces', before_n: 12, after_n: 12, significant: false, needed_n: 18 });
		});

		test('NPS and CSAT use the adjusted-Wald and Agresti-Caffo differences; service times Welch', async () => {
			const action = await createAction(touchpoints[2]!.id, { status: 'done', shipped_on: SHIP });
			const rows = await impact(action.id);
			expect(rows.map((r) => r.metric)).toEqual(['nps', 'csat', 'frt', 'ttr']);
			const side = (metric: string, after: boolean) =>
				planted.mixed.filter((r) => r.metric === metric && Date.parse(r.responded_at as string) >= SHIP_MS - 28 * DAY && (Date.parse(r.responded_at as string) >= SHIP_MS) === after).map((r) => r.score as number);
			const nps = (s: number[]) => ({ promoters: s.filter((x) => x >= 9).length, detractors: s.filter((x) => x <= 6).length, n: s.length });
			const npsRef = npsDifference(nps(side('nps', false)), nps(side('nps', true)))!;
			const [npsRow, csatRow, frtRow, ttrRow] = rows;
			expect(npsRow!.before_n).toBe(200);
			expect(npsRow!.delta).toBeCloseTo(npsRef.delta, 8);
			expect(npsRow!.delta_low).toBeCloseTo(npsRef.low, 8);
			expect(npsRow!.delta_high).toBeCloseTo(npsRef.high, 8);
			const top = (s: number[]) => ({ successes: s.filter((x) => x >= 4).length, n: s.length });
			const csatRef = proportionDifference(top(side('csat', false)), top(side('csat', true)))!;
			expect(csatRow!.delta_low).toBeCloseTo(csatRef.low, 8);
			expect(csatRow!.delta_high).toBeCloseTo(csatRef.high, 8);
			expect(frtRow).toMatchObject({ before_n: 40, after_n: 40, significant: true });
			expect(frtRow!.delta!).toBeLessThan(-30);
			// Every tenth case (all on the before side) is still open: 40 - 8 resolved.
			expect(ttrRow).toMatchObject({ before_n: 32, after_n: 40 });
			expect(ttrRow!.delta!).toBeLessThan(0);
		});

		test('the window is adjustable and validated; an action without a ship date is refused', async () => {
			const action = await createAction(touchpoints[0]!.id, { status: 'done', shipped_on: SHIP });
			const [week] = await impact(action.id, 7);
			expect(week!.before_n).toBeLessThan(100);
			expect(week!.before_n).toBeGreaterThan(60);
			const bad = await owner.client.rpc('action_impact', { p_action_id: action.id, p_window_days: 0 });
			expect(bad.error?.message).toMatch(/between 1 and 365/);
			const open = await createAction(touchpoints[0]!.id);
			const none = await owner.client.rpc('action_impact', { p_action_id: open.id });
			expect(none.error?.message).toMatch(/ship date/);
			const done = await owner.client.from('actions').update({ status: 'done' }).eq('id', open.id);
			expect(done.error?.code).toBe('23514');
		});

		test('status changes and comments make the timeline', async () => {
			const action = await createAction(touchpoints[0]!.id);
			await owner.client.from('actions').update({ status: 'planned' }).eq('id', action.id).throwOnError();
			await owner.client.from('actions').update({ status: 'in_progress', title: 'Renamed' }).eq('id', action.id).throwOnError();
			await viewer.client.from('action_events').insert({ workspace_id: workspaceId, action_id: action.id, kind: 'comment', body: 'Looks good', author_id: viewer.id }).throwOnError();
			const { data } = await owner.client.from('action_events').select('kind, from_status, to_status, body, author_id').eq('action_id', action.id).order('id');
			expect(data).toEqual([
				{ kind: 'created', from_status: null, to_status: 'proposed', body: null, author_id: owner.id },
				{ kind: 'status', from_status: 'proposed', to_status: 'planned', body: null, author_id: owner.id },
				{ kind: 'status', from_status: 'planned', to_status: 'in_progress', body: null, author_id: owner.id },
				{ kind: 'comment', from_status: null, to_status: null, body: 'Looks good', author_id: viewer.id }
			]);
			const forged = await viewer.client.from('action_events').insert({ workspace_id: workspaceId, action_id: action.id, kind: 'status', to_status: 'done', author_id: viewer.id });
			expect(forged.error?.code).toBe('42501');
		});

		test('RLS: viewers read but cannot write, outsiders see nothing', async () => {
			const action = await createAction(touchpoints[0]!.id);
			const team = await owner.client.from('teams').insert({ workspace_id: workspaceId, name: 'Support hotline' }).select('id').single();
			expect(team.error).toBeNull();
			expect((await viewer.client.from('actions').select('id').eq('id', action.id)).data).toHaveLength(1);
			const viewerInsert = await viewer.client.from('actions').insert({ workspace_id: workspaceId, journey_id: journeyId, title: 'Nope' });
			expect(viewerInsert.error?.code).toBe('42501');
			const viewerUpdate = await viewer.client.from('actions').update({ status: 'dropped' }).eq('id', action.id).select('id');
			expect(viewerUpdate.data).toEqual([]);
			expect((await viewer.client.from('teams').insert({ workspace_id: workspaceId, name: 'Mine' })).error?.code).toBe('42501');
			expect((await outsider.client.from('actions').select('id')).data).toEqual([]);
			expect((await outsider.client.from('teams').select('id')).data).toEqual([]);
			const outsiderImpact = await outsider.client.rpc('action_impact', { p_action_id: action.id });
			expect(outsiderImpact.error?.message).toMatch(/No action/);
		});

		test('owners of touchpoints: a team and a responsible member of the workspace only', async () => {
			const team = await owner.client.from('teams').insert({ workspace_id: workspaceId, name: 'Web checkout' }).select('id').single();
			const ok = await owner.client.from('touchpoint_owners').upsert({ touchpoint_id: touchpoints[1]!.id, workspace_id: workspaceId, team_id: team.data!.id, member_id: viewer.id });
			expect(ok.error).toBeNull();
			const stranger = await owner.client.from('touchpoint_owners').upsert({ touchpoint_id: touchpoints[1]!.id, workspace_id: workspaceId, member_id: outsider.id });
			expect(stranger.error?.message).toMatch(/member of the workspace/);
			const badOwner = await owner.client.from('actions').insert({ workspace_id: workspaceId, journey_id: journeyId, title: 'x', owner_id: outsider.id });
			expect(badOwner.error?.message).toMatch(/member of the workspace/);
			// Deleting the team keeps the ownership row, without the team.
			await owner.client.from('teams').delete().eq('id', team.data!.id).throwOnError();
			const { data } = await owner.client.from('touchpoint_owners').select('team_id, member_id').eq('touchpoint_id', touchpoints[1]!.id).single();
			expect(data).toEqual({ team_id: null, member_id: viewer.id });
		});

		test('touchpoint_freshness reports the last evidence and silent touchpoints', async () => {
			const { data, error } = await owner.client.rpc('touchpoint_freshness', { p_journey_id: journeyId });
			expect(error).toBeNull();
			const byName = new Map((data as { touchpoint_name: string; last_data_at: string | null; silent: boolean }[]).map((r) => [r.touchpoint_name, r]));
			// Planted data ends 28 days after 2026-10-01, more than 6 weeks before "now" only later;
			// compare with the planted maximum instead of the clock.
			const latest = Math.max(...(planted.ces300 as { responded_at: string }[]).map((r) => Date.parse(r.responded_at)));
			expect(Date.parse(byName.get('Hotline')!.last_data_at!)).toBe(latest);
			expect(byName.get('Hotline')!.silent).toBe(Date.now() - latest > 6 * 7 * DAY);
			const fresh = await createJourneyWithTouchpoints(service, workspaceId, ['Empty']);
			const empty = await owner.client.rpc('touchpoint_freshness', { p_journey_id: fresh.journeyId });
			expect(empty.data).toEqual([{ touchpoint_id: fresh.touchpoints[0]!.id, touchpoint_name: 'Empty', last_data_at: null, silent: true }]);
		});
	});
}
