import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Random } from '#lib/domain/random.js';
import { ces, cesCounts, csat, csatCounts, nps, npsCounts } from '#lib/domain/metrics/survey.js';
import {
	touchpointMetricsReference,
	type MetricFilters,
	type RawCase,
	type RawFeedback,
	type RawResponse,
	type TouchpointMetricsRow
} from '#lib/domain/metrics/touchpoint.js';
import type { Stack } from '#lib/server/stack/index.js';
import { serviceClient } from '#lib/server/supabase.js';
import { engines } from '../support/stacks.js';
import { createUser, type TestUser } from '../support/users.js';
import { createJourneyWithTouchpoints } from '../support/imports.js';

const DAY = 86_400_000;
const START = Date.UTC(2026, 5, 1, 0, 0, 0);
const MIN_N = 8;

/** Random answers, cases and feedback over 40 days at random times of day. */
function randomEvidence(random: Random, workspaceId: string, touchpoints: string[], personas: string[]) {
	const at = () => new Date(START + Math.floor(random.next() * 40 * DAY)).toISOString();
	const maybe = <T>(items: T[]) => (random.next() < 0.2 ? null : random.pick(items));
	const responses: RawResponse[] = [];
	for (let i = 0; i < 2400; i++) {
		const metric = random.pick(['nps', 'csat', 'csat', 'ces'] as const);
		const scaleMax = metric === 'nps' ? 10 : metric === 'ces' ? 7 : random.next() < 0.7 ? 5 : 7;
		const low = metric === 'nps' ? 0 : 1;
		responses.push({
			// The last touchpoint gets few answers: below the minimum n under filters.
			touchpoint_id: random.next() < 0.006 ? touchpoints.at(-1)! : random.pick(touchpoints.slice(0, -1)),
			metric,
			score: random.int(low, scaleMax),
			scale_max: scaleMax,
			persona_id: maybe(personas),
			channel: maybe(['web', 'app']),
			responded_at: at()
		});
	}
	const cases: RawCase[] = [];
	for (let i = 0; i < 400; i++) {
		const opened = START + Math.floor(random.next() * 40 * DAY);
		const answered = random.next() < 0.9;
		const resolved = random.next() < 0.8;
		cases.push({
			touchpoint_id: random.pick(touchpoints.slice(0, 3)),
			channel: maybe(['web', 'app']),
			opened_at: new Date(opened).toISOString(),
			first_response_at: answered ? new Date(opened + Math.floor(random.next() * 600) * 60_000).toISOString() : null,
			resolved_at: resolved ? new Date(opened + 3_600_000 + Math.floor(random.next() * 72 * 3_600_000)).toISOString() : null
		});
	}
	const feedback: RawFeedback[] = [];
	for (let i = 0; i < 500; i++) {
		feedback.push({
			touchpoint_id: random.pick(touchpoints),
			persona_id: maybe(personas),
			sentiment: random.next() < 0.1 ? null : random.pick(['positive', 'neutral', 'negative'] as const),
			created_at: at()
		});
	}
	const rows = {
		survey_responses: responses.map((r) => ({ ...r, workspace_id: workspaceId, source: 'manual' })),
		service_cases: cases.map((c) => ({ ...c, workspace_id: workspaceId })),
		feedback: feedback.map((f, i) => ({ ...f, workspace_id: workspaceId, source: 'email', body: `Comment ${i}` }))
	};
	return { responses, cases, feedback, rows };
}

function expectRowsClose(actual: TouchpointMetricsRow[], expected: TouchpointMetricsRow[]) {
	expect(actual.map((r) => r.touchpoint_id)).toEqual(expected.map((r) => r.touchpoint_id));
	for (let i = 0; i < expected.length; i++) {
		for (const [key, want] of Object.entries(expected[i]!)) {
			const got = (actual[i] as unknown as Record<string, unknown>)[key];
			if (typeof want === 'number') {
				expect(got, `${expected[i]!.touchpoint_name}.${key}`).toBeTypeOf('number');
				expect(Math.abs((got as number) - want), `${expected[i]!.touchpoint_name}.${key}: ${got} vs ${want}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(want)));
			} else {
				expect(got, `${expected[i]!.touchpoint_name}.${key}`).toEqual(want);
			}
		}
	}
}

async function insertChunks(service: SupabaseClient, table: string, rows: object[]) {
	for (let i = 0; i < rows.length; i += 1000) {
		const { error } = await service.from(table).insert(rows.slice(i, i + 1000));
		if (error) throw new Error(`${table}: ${error.message}`);
	}
}

for (const engine of engines) {
	describe(`metrics on ${engine.name}`, () => {
		let stack: Stack;
		let service: SupabaseClient;
		let editor: TestUser;
		let outsider: TestUser;
		let workspaceId: string;
		let journeyId: string;
		let touchpoints: { id: string; name: string; stage_id: string | null }[];
		let personas: string[];
		let data: ReturnType<typeof randomEvidence>;

		const rpcRows = async (client: SupabaseClient, filters: Omit<MetricFilters, 'minN'> = {}) => {
			const { data: rows, error } = await client.rpc('touchpoint_metrics', {
				p_journey_id: journeyId,
				p_from: filters.from ?? null,
				p_to: filters.to ?? null,
				p_persona_id: filters.personaId ?? null,
				p_channel: filters.channel ?? null
			});
			if (error) throw new Error(error.message);
			return rows as TouchpointMetricsRow[];
		};
		const reference = (filters: Omit<MetricFilters, 'minN'> = {}) => touchpointMetricsReference(touchpoints, data, { ...filters, minN: MIN_N });

		beforeAll(async () => {
			stack = await engine.start();
			service = serviceClient(stack);
			[editor, outsider] = await Promise.all([createUser(stack, 'analyst'), createUser(stack, 'stranger')]);
			const { data: ws, error } = await editor.client.rpc('create_workspace', { p_name: 'Metrics' });
			if (error) throw error;
			workspaceId = ws.id;
			await service.from('workspaces').update({ metric_min_n: MIN_N }).eq('id', workspaceId);
			const created = await createJourneyWithTouchpoints(service, workspaceId, ['Search', 'Checkout', 'Delivery', 'Returns', 'Rarely asked']);
			journeyId = created.journeyId;
			touchpoints = created.touchpoints.map((t) => ({ ...t, stage_id: null }));
			const { data: ps } = await service.from('personas').insert([{ workspace_id: workspaceId, name: 'Ann' }, { workspace_id: workspaceId, name: 'Bo' }]).select('id');
			personas = (ps ?? []).map((p) => p.id as string);
			data = randomEvidence(new Random(7), workspaceId, touchpoints.map((t) => t.id), personas);
			for (const [table, rows] of Object.entries(data.rows)) await insertChunks(service, table, rows);
		});
		afterAll(async () => {
			await stack?.stop();
		});

		test('touchpoint_metrics equals the TypeScript reference without filters', async () => {
			const rows = await rpcRows(editor.client);
			expect(rows).toHaveLength(5);
			expect(rows[0]!.nps_n).toBeGreaterThan(100);
			expectRowsClose(rows, reference());
			// The thin touchpoint reports its n but no value.
			const thin = rows.find((r) => r.touchpoint_name === 'Rarely asked')!;
			expect(thin.csat_n).toBeGreaterThan(0);
			expect(thin.csat_n).toBeLessThan(MIN_N);
			expect(thin.csat_pct).toBeNull();
		});

		const periods: [string, Omit<MetricFilters, 'minN'>][] = [
			['a period with partial days at both ends', { from: new Date(START + 3.4 * DAY).toISOString(), to: new Date(START + 21.7 * DAY).toISOString() }],
			['a period on day boundaries', { from: new Date(START + 5 * DAY).toISOString(), to: new Date(START + 12 * DAY).toISOString() }],
			['a period inside one day', { from: new Date(START + 9.1 * DAY).toISOString(), to: new Date(START + 9.9 * DAY).toISOString() }],
			['an open-ended period', { from: new Date(START + 30.25 * DAY).toISOString() }],
			// Month rows for the whole month of June, day rows for July's whole days, raw rows at the edge.
			['a period holding a whole month', { from: new Date(START - 11.5 * DAY).toISOString(), to: new Date(START + 34.6 * DAY).toISOString() }],
			['a period ending mid-month, open at the start', { to: new Date(START + 35.5 * DAY).toISOString() }],
			['a period starting on the first of a month', { from: new Date(START).toISOString(), to: new Date(START + 31 * DAY).toISOString() }],
			['one persona', { personaId: 'persona:0' }],
			['one channel', { channel: 'web' }],
			['a persona, a channel and a period', { personaId: 'persona:1', channel: 'app', to: new Date(START + 25.5 * DAY).toISOString() }]
		];
		for (const [label, filters] of periods) {
			test(`touchpoint_metrics equals the reference for ${label}`, async () => {
				const resolved = { ...filters, personaId: filters.personaId ? personas[Number(filters.personaId.split(':')[1])]! : null };
				expectRowsClose(await rpcRows(editor.client, resolved), reference(resolved));
			});
		}

		test('touchpoint_trend per week and per month equals the reference, bucket by bucket', async () => {
			const tp = touchpoints[1]!;
			for (const [metric, bucket] of [['nps', 'week'], ['csat', 'week'], ['ces', 'week'], ['nps', 'month'], ['ces', 'month']] as const) {
				const { data: trend, error } = await editor.client.rpc('touchpoint_trend', { p_touchpoint_id: tp.id, p_metric: metric, p_bucket: bucket });
				if (error) throw new Error(error.message);
				const rows = trend as { bucket_start: string; value: number | null; n: number; low: number | null; high: number | null }[];
				expect(rows.length).toBeGreaterThanOrEqual(bucket === 'week' ? 6 : 2);
				let total = 0;
				for (const row of rows) {
					const start = Date.parse(row.bucket_start);
					const startDate = new Date(start);
					if (bucket === 'week') expect(startDate.getUTCDay()).toBe(1); // ISO weeks start on Monday
					else expect(startDate.getUTCDate()).toBe(1);
					const end = bucket === 'week' ? start + 7 * DAY : Date.UTC(startDate.getUTCFullYear(), startDate.getUTCMonth() + 1, 1);
					const answers = data.responses.filter(
						(r) => r.touchpoint_id === tp.id && r.metric === metric && Date.parse(r.responded_at) >= start && Date.parse(r.responded_at) < end
					);
					const want =
						metric === 'nps'
							? nps(npsCounts(answers.map((a) => a.score)), { minN: MIN_N })
							: metric === 'csat'
								? csat(csatCounts(answers.map((a) => ({ score: a.score, scaleMax: a.scale_max }))), { minN: MIN_N })
								: ces(cesCounts(answers.map((a) => a.score)), { minN: MIN_N });
					expect(row.n).toBe(answers.length);
					total += row.n;
					if (want.value === null) expect(row.value).toBeNull();
					else expect(row.value!).toBeCloseTo(want.value, 9);
					if (want.low !== null) expect(row.low!).toBeCloseTo(want.low, 9);
				}
				expect(total).toBe(data.responses.filter((r) => r.touchpoint_id === tp.id && r.metric === metric).length);
			}
		});

		test('touchpoint_distribution counts every score of the scale', async () => {
			const tp = touchpoints[0]!;
			const { data: rows, error } = await editor.client.rpc('touchpoint_distribution', { p_touchpoint_id: tp.id });
			if (error) throw new Error(error.message);
			const list = rows as { metric: string; scale_max: number; score: number; n: number }[];
			const npsRows = list.filter((r) => r.metric === 'nps');
			expect(npsRows.map((r) => r.score)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
			for (const row of list) {
				const want = data.responses.filter((r) => r.touchpoint_id === tp.id && r.metric === row.metric && r.scale_max === row.scale_max && r.score === row.score).length;
				expect(row.n, `${row.metric}/${row.scale_max} score ${row.score}`).toBe(want);
			}
		});

		test('rollups follow deletes and updates of answers', async () => {
			const tp = touchpoints[2]!;
			// Delete every CES answer of one touchpoint in the first 10 days, and rescore its NPS 0s as 10s.
			const cut = new Date(START + 10 * DAY).toISOString();
			const del = await service.from('survey_responses').delete().eq('touchpoint_id', tp.id).eq('metric', 'ces').lt('responded_at', cut);
			expect(del.error).toBeNull();
			const upd = await service.from('survey_responses').update({ score: 10 }).eq('touchpoint_id', tp.id).eq('metric', 'nps').eq('score', 0);
			expect(upd.error).toBeNull();
			data.responses = data.responses
				.filter((r) => !(r.touchpoint_id === tp.id && r.metric === 'ces' && r.responded_at < cut))
				.map((r) => (r.touchpoint_id === tp.id && r.metric === 'nps' && r.score === 0 ? { ...r, score: 10 } : r));
			expectRowsClose(await rpcRows(editor.client), reference());
			expectRowsClose(await rpcRows(editor.client, { personaId: personas[0]! }), reference({ personaId: personas[0]! }));
		});

		test('journey_targets: journey override, workspace default, built-in default', async () => {
			await service.from('metric_targets').insert([
				{ workspace_id: workspaceId, journey_id: null, metric: 'nps', target: 20 },
				{ workspace_id: workspaceId, journey_id: null, metric: 'ces', target: 5 },
				{ workspace_id: workspaceId, journey_id: journeyId, metric: 'ces', target: 6 }
			]);
			const { data: rows, error } = await editor.client.rpc('journey_targets', { p_journey_id: journeyId });
			if (error) throw new Error(error.message);
			expect(rows).toEqual([
				{ metric: 'nps', target: 20, source: 'workspace' },
				{ metric: 'csat', target: 80, source: 'default' },
				{ metric: 'ces', target: 6, source: 'journey' },
				{ metric: 'frt', target: 60, source: 'default' },
				{ metric: 'ttr', target: 24, source: 'default' }
			]);
		});

		test('a non-member gets 42501 and no numbers; bad parameters get a clear 4xx', async () => {
			const { data: rows, error } = await outsider.client.rpc('touchpoint_metrics', { p_journey_id: journeyId });
			expect(rows).toBeNull();
			expect(error?.code).toBe('42501');
			const trend = await outsider.client.rpc('touchpoint_trend', { p_touchpoint_id: touchpoints[0]!.id, p_metric: 'nps' });
			expect(trend.error?.code).toBe('42501');
			const bad = await editor.client.rpc('touchpoint_trend', { p_touchpoint_id: touchpoints[0]!.id, p_metric: 'nps; drop table x', p_bucket: 'week' });
			expect(bad.error?.code).toBe('22023');
			expect(bad.error?.message).toMatch(/p_metric must be/);
			const direct = await editor.client.schema('private' as 'public').from('response_rollups').select('*');
			expect(direct.error).not.toBeNull();
		});
	});
}
