import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { FrictionRow } from '#lib/domain/friction/hotspots.js';
import { friction, worseningWindows } from '#lib/domain/friction/model.js';
import { DEFAULT_TARGETS } from '#lib/domain/metrics/targets.js';
import { touchpointMetricsReference, type RawCase, type RawFeedback, type RawResponse } from '#lib/domain/metrics/touchpoint.js';
import { Random } from '#lib/domain/random.js';
import type { Stack } from '#lib/server/stack/index.js';
import { serviceClient } from '#lib/server/supabase.js';
import { createJourneyWithTouchpoints } from '../support/imports.js';
import { engines } from '../support/stacks.js';
import { createUser, type TestUser } from '../support/users.js';

const DAY = 86_400_000;
const END = Date.UTC(2026, 10, 1);
const MIN_N = 30;

type Hotspot = FrictionRow;

type Feedback = RawFeedback & { theme: string | null };

async function insertChunks(service: SupabaseClient, table: string, rows: object[]) {
	for (let i = 0; i < rows.length; i += 1000) {
		const { error } = await service.from(table).insert(rows.slice(i, i + 1000));
		if (error) throw new Error(`${table}: ${error.message}`);
	}
}

/** Random answers of a given quality (0 awful .. 1 great) for one touchpoint, spread over `days`. */
function answers(random: Random, touchpointId: string, quality: number, count: number, days = 170, drift = 0): RawResponse[] {
	const out: RawResponse[] = [];
	for (let i = 0; i < count; i++) {
		const at = END - Math.floor(random.next() * days * DAY);
		const q = Math.min(1, Math.max(0, quality + drift * (1 - (END - at) / (days * DAY)) + 0.15 * random.normal()));
		const metric = random.pick(['nps', 'csat', 'ces'] as const);
		const max = metric === 'nps' ? 10 : metric === 'csat' ? 5 : 7;
		const min = metric === 'nps' ? 0 : 1;
		out.push({
			touchpoint_id: touchpointId,
			metric,
			score: Math.round(min + q * (max - min)),
			scale_max: max,
			persona_id: null,
			channel: random.next() < 0.5 ? 'web' : 'app',
			responded_at: new Date(at).toISOString()
		});
	}
	return out;
}

function comments(random: Random, touchpointId: string, negativeShare: number, count: number, theme: string): Feedback[] {
	return Array.from({ length: count }, () => {
		const negative = random.next() < negativeShare;
		return {
			touchpoint_id: touchpointId,
			persona_id: null,
			sentiment: negative ? 'negative' : random.next() < 0.5 ? 'positive' : 'neutral',
			theme: negative ? theme : 'friendly staff',
			created_at: new Date(END - Math.floor(random.next() * 170 * DAY)).toISOString()
		};
	});
}

function cases(random: Random, touchpointId: string, frtMinutes: number, ttrHours: number, count: number): RawCase[] {
	return Array.from({ length: count }, () => {
		const opened = END - Math.floor((1 + random.next() * 160) * DAY);
		return {
			touchpoint_id: touchpointId,
			channel: 'phone',
			opened_at: new Date(opened).toISOString(),
			first_response_at: new Date(opened + frtMinutes * 60_000 * Math.exp(0.3 * random.normal())).toISOString(),
			resolved_at: new Date(opened + ttrHours * 3_600_000 * Math.exp(0.3 * random.normal())).toISOString()
		};
	});
}

const dbRows = (workspaceId: string, data: { responses: RawResponse[]; feedback: Feedback[]; cases: RawCase[] }) => ({
	survey_responses: data.responses.map((r) => ({ ...r, workspace_id: workspaceId, source: 'manual' })),
	feedback: data.feedback.map((f, i) => ({ ...f, workspace_id: workspaceId, source: 'email', body: `Comment ${i}` })),
	service_cases: data.cases.map((c) => ({ ...c, workspace_id: workspaceId }))
});

for (const engine of engines) {
	describe(`friction on ${engine.name}`, () => {
		let stack: Stack;
		let service: SupabaseClient;
		let owner: TestUser;
		let outsider: TestUser;

		beforeAll(async () => {
			stack = await engine.start();
			service = serviceClient(stack);
			[owner, outsider] = await Promise.all([createUser(stack, 'owner'), createUser(stack, 'outsider')]);
		});
		afterAll(async () => {
			await stack?.stop();
		});

		async function workspace(name: string) {
			const { data, error } = await owner.client.rpc('create_workspace', { p_name: name });
			if (error) throw error;
			return data.id as string;
		}

		async function hotspots(client: SupabaseClient, params: Record<string, unknown>): Promise<Hotspot[]> {
			const { data, error } = await client.rpc('friction_hotspots', params);
			if (error) throw new Error(error.message);
			return data as Hotspot[];
		}

		test('planted data: the three truly bad touchpoints rank on top as hotspots; five terrible answers are not enough', async () => {
			const ws = await workspace('Planted');
			const names = Array.from({ length: 30 }, (_, i) => `Touchpoint ${String(i + 1).padStart(2, '0')}`);
			const { journeyId, touchpoints } = await createJourneyWithTouchpoints(service, ws, names);
			const id = (name: string) => touchpoints.find((t) => t.name === name)!.id;
			const random = new Random(42);
			const data = { responses: [] as RawResponse[], feedback: [] as Feedback[], cases: [] as RawCase[] };
			for (const t of touchpoints) data.responses.push(...answers(random, t.id, 0.9, 90));
			// 03: hard to use (low scores everywhere). 11: scores fine, customers write angrily.
			// 19: scores fine, support far too slow. 27: five awful answers only.
			data.responses = data.responses.filter((r) => r.touchpoint_id !== id('Touchpoint 03') && r.touchpoint_id !== id('Touchpoint 27'));
			data.responses.push(...answers(random, id('Touchpoint 03'), 0.25, 210));
			data.responses.push(...Array.from({ length: 5 }, (_, i) => ({ ...answers(random, id('Touchpoint 27'), 0, 1)[0]!, metric: 'nps' as const, scale_max: 10, score: i % 2 })));
			data.feedback.push(...comments(random, id('Touchpoint 11'), 0.75, 96, 'waiting'));
			for (const t of touchpoints.slice(0, 10)) data.feedback.push(...comments(random, t.id, 0.1, 40, 'price'));
			data.cases.push(...cases(random, id('Touchpoint 19'), 240, 70, 120));
			data.cases.push(...cases(random, id('Touchpoint 05'), 20, 8, 120));
			for (const [table, rows] of Object.entries(dbRows(ws, data))) await insertChunks(service, table, rows);

			const rows = await hotspots(owner.client, { p_workspace_id: ws, p_to: new Date(END).toISOString() });
			expect(rows).toHaveLength(30);
			const top = rows.slice(0, 3).map((r) => r.touchpoint_name).sort();
			expect(top).toEqual(['Touchpoint 03', 'Touchpoint 11', 'Touchpoint 19']);
			expect(rows.slice(0, 3).every((r) => r.is_hotspot)).toBe(true);
			expect(rows.filter((r) => r.is_hotspot)).toHaveLength(3);
			const byName = new Map(rows.map((r) => [r.touchpoint_name, r]));
			expect(byName.get('Touchpoint 03')!.explanation).toMatch(/^(NPS|CSAT|CES) .+ vs target .+ \(n=\d+\)/);
			expect(byName.get('Touchpoint 11')!.explanation).toMatch(/\d+% of 96 comments negative — top theme: waiting/);
			expect(byName.get('Touchpoint 19')!.explanation).toMatch(/first response \d+ min vs target 60 min \(median, n=120\)/);
			const thin = byName.get('Touchpoint 27')!;
			expect(thin.is_hotspot).toBe(false);
			expect(thin.friction_score).toBe(0);
			expect(thin.explanation).toBe('Not enough responses (n=5; 30 needed per metric)');
			expect(byName.get('Touchpoint 05')!.is_hotspot).toBe(false);
			// Ranked by friction, descending; one journey asked for gives the same rows.
			expect(rows.map((r) => r.friction_score)).toEqual([...rows.map((r) => r.friction_score)].sort((a, b) => b - a));
			expect((await hotspots(owner.client, { p_workspace_id: ws, p_journey_id: journeyId, p_to: new Date(END).toISOString() })).length).toBe(30);
		});

		test('SQL equals the TypeScript reference on random data (scores, flags, reasons, words)', async () => {
			const ws = await workspace('Random');
			await service.from('workspaces').update({ metric_min_n: 12 }).eq('id', ws);
			await service.from('metric_targets').insert({ workspace_id: ws, journey_id: null, metric: 'ces', target: 5 });
			const random = new Random(9);
			const journeys = [];
			for (const name of ['North', 'South']) journeys.push({ name, ...(await createJourneyWithTouchpoints(service, ws, Array.from({ length: 8 }, (_, i) => `${name} ${i}`))) });
			const data = { responses: [] as RawResponse[], feedback: [] as Feedback[], cases: [] as RawCase[] };
			for (const j of journeys) {
				for (const t of j.touchpoints) {
					data.responses.push(...answers(random, t.id, random.next(), random.int(0, 120), 200, random.next() - 0.6));
					data.feedback.push(...comments(random, t.id, random.next(), random.int(0, 60), random.pick(['waiting', 'billing', 'app crash'])));
					if (random.next() < 0.4) data.cases.push(...cases(random, t.id, 10 + random.next() * 200, 2 + random.next() * 60, random.int(5, 60)));
				}
			}
			await service.from('metric_targets').insert({ workspace_id: ws, journey_id: journeys[1]!.journeyId, metric: 'nps', target: 10 });
			for (const [table, rows] of Object.entries(dbRows(ws, data))) await insertChunks(service, table, rows);

			const periods = [
				{ from: null, to: new Date(END).toISOString() },
				{ from: new Date(END - 60.5 * DAY).toISOString(), to: new Date(END - 0.25 * DAY).toISOString() }
			];
			for (const period of periods) {
				const rows = await hotspots(owner.client, { p_workspace_id: ws, p_from: period.from, p_to: period.to });
				expect(rows).toHaveLength(16);
				const windows = worseningWindows(period.from, period.to);
				for (const row of rows) {
					const journey = journeys.find((j) => j.journeyId === row.journey_id)!;
					const tps = journey.touchpoints.map((t) => ({ ...t, stage_id: null }));
					const ref = (from: string | null, to: string | null) =>
						touchpointMetricsReference(tps, data, { from, to, minN: 12 }).find((r) => r.touchpoint_id === row.touchpoint_id)!;
					const inPeriod = data.feedback.filter(
						(f) => f.touchpoint_id === row.touchpoint_id && (!period.from || f.created_at >= period.from) && f.created_at < period.to
					);
					const negatives = inPeriod.filter((f) => f.sentiment === 'negative' && f.theme);
					const counts = new Map<string, number>();
					for (const f of negatives) counts.set(f.theme!, (counts.get(f.theme!) ?? 0) + 1);
					const topTheme = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? null;
					const want = friction({
						current: ref(period.from, period.to),
						recent: ref(...windows.recent),
						previous: ref(...windows.previous),
						negative: inPeriod.filter((f) => f.sentiment === 'negative').length,
						scored: inPeriod.filter((f) => f.sentiment !== null).length,
						topTheme,
						targets: { ...DEFAULT_TARGETS, ces: 5, ...(journey.name === 'South' ? { nps: 10 } : {}) },
						minN: 12,
						windowLabel: windows.label
					});
					expect(Math.abs(row.friction_score - want.score), row.touchpoint_name).toBeLessThan(1e-9);
					expect(row.is_hotspot, row.touchpoint_name).toBe(want.isHotspot);
					expect(row.evidence_n, row.touchpoint_name).toBe(want.evidenceN);
					expect(row.top_reasons, row.touchpoint_name).toEqual(want.topReasons);
					expect(row.explanation, row.touchpoint_name).toBe(want.explanation);
				}
				// The random data makes some hotspots and some calm touchpoints, or the test proves little.
				expect(rows.some((r) => r.is_hotspot)).toBe(true);
				expect(rows.some((r) => !r.is_hotspot)).toBe(true);
			}
		});

		test('stage_experience pools the answers of a stage and maps them onto the emotion scale', async () => {
			const ws = await workspace('Stages');
			await service.from('workspaces').update({ metric_min_n: 10 }).eq('id', ws);
			const { journeyId, touchpoints } = await createJourneyWithTouchpoints(service, ws, ['A', 'B', 'C']);
			const { data: stages } = await service
				.from('stages')
				.insert([
					{ journey_id: journeyId, workspace_id: ws, name: 'First', position: 0 },
					{ journey_id: journeyId, workspace_id: ws, name: 'Second', position: 1 }
				])
				.select('id, name');
			const [first, second] = [stages!.find((s) => s.name === 'First')!.id, stages!.find((s) => s.name === 'Second')!.id];
			await service.from('touchpoints').update({ stage_id: first }).in('id', [touchpoints[0]!.id, touchpoints[1]!.id]);
			await service.from('touchpoints').update({ stage_id: second }).eq('id', touchpoints[2]!.id);
			const random = new Random(5);
			const data = { responses: [...answers(random, touchpoints[0]!.id, 0.9, 60), ...answers(random, touchpoints[1]!.id, 0.3, 60), ...answers(random, touchpoints[2]!.id, 0.5, 5)], feedback: [], cases: [] };
			for (const [table, rows] of Object.entries(dbRows(ws, data))) await insertChunks(service, table, rows);
			const { data: rows, error } = await owner.client.rpc('stage_experience', { p_journey_id: journeyId });
			if (error) throw new Error(error.message);
			const [one, two] = rows as { stage_name: string; nps: number | null; nps_n: number; experience: number | null; csat_pct: number | null; ces_mean: number | null }[];
			const pooled = data.responses.filter((r) => r.metric === 'nps' && r.touchpoint_id !== touchpoints[2]!.id).map((r) => r.score);
			const { npsFromScores } = await import('#lib/domain/metrics/survey.js');
			expect(one!.stage_name).toBe('First');
			expect(one!.nps_n).toBe(pooled.length);
			expect(one!.nps).toBeCloseTo(npsFromScores(pooled, { minN: 10 }).value!, 9);
			const parts = [one!.nps! / 50, (one!.csat_pct! - 50) / 25, (one!.ces_mean! - 4) / 1.5];
			expect(one!.experience).toBeCloseTo(parts.reduce((a, b) => a + b, 0) / 3, 9);
			// Five answers in the second stage: below the minimum, no experience value.
			expect(two!.experience).toBeNull();
		});

		test('a non-member gets 42501; a period ending before it starts gets 22023', async () => {
			const ws = await workspace('Private');
			const denied = await outsider.client.rpc('friction_hotspots', { p_workspace_id: ws });
			expect(denied.error?.code).toBe('42501');
			const bad = await owner.client.rpc('friction_hotspots', { p_workspace_id: ws, p_from: '2026-05-01', p_to: '2026-04-01' });
			expect(bad.error?.code).toBe('22023');
		});
	});
}
