import Papa from 'papaparse';
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hotspotsCsv } from '#lib/domain/friction/export.js';
import { DEFAULT_FILTERS, type HotspotFilters } from '#lib/domain/friction/hotspots.js';
import { LocalAuth } from '#lib/server/auth/local.js';
import { DataError } from '#lib/server/data/errors.js';
import { loadHotspots, loadSparklines } from '#lib/server/data/hotspots.js';
import { DEMO_EMAIL, DEMO_PASSWORD, seedDemo } from '#lib/server/demo/seed.js';
import type { Stack } from '#lib/server/stack/index.js';
import { serviceClient, userClient } from '#lib/server/supabase.js';
import { engines } from '../support/stacks.js';
import { createUser } from '../support/users.js';

const WORST = ['First bill', 'Installation booking (IVR)', 'Support chat'];
const filters = (f: Partial<HotspotFilters>): HotspotFilters => ({ ...DEFAULT_FILTERS, ...f });

for (const engine of engines) {
	describe(`Hotspots view data on ${engine.name}`, () => {
		let stack: Stack;
		let demo: SupabaseClient;
		let ws: string;
		let lena: string;

		beforeAll(async () => {
			stack = await engine.start();
			ws = (await seedDemo(stack)).workspaceId;
			const session = await new LocalAuth(serviceClient(stack), stack.jwtSecret!).signIn(DEMO_EMAIL, DEMO_PASSWORD);
			demo = userClient(stack, session.accessToken);
			const { data } = await demo.from('personas').select('id').eq('workspace_id', ws).eq('name', 'Lena, the student').single();
			lena = data!.id;
		}, 120_000);
		afterAll(() => stack?.stop());

		test('every demo touchpoint ranked worst first, hotspots flagged, with the metrics of touchpoint_metrics', async () => {
			const started = performance.now();
			const view = await loadHotspots(demo, ws, DEFAULT_FILTERS);
			console.log(`[hotspots] ${engine.name}: loadHotspots on the demo (22 touchpoints, 24k responses) ${Math.round(performance.now() - started)} ms`);
			expect(view.touchpoints).toBe(22);
			expect(view.withEvidence).toBe(22);
			expect(view.rows.map((r) => r.rank)).toEqual(Array.from({ length: 22 }, (_, i) => i + 1));
			expect(view.rows.slice(0, 3).map((r) => r.touchpointName)).toEqual(WORST);
			expect(view.rows.filter((r) => r.isHotspot)).toHaveLength(6);
			expect(view.stages).toEqual(['Buy', 'Discover', 'Get connected', 'Get help', 'Pay and renew', 'Use']);
			expect(view.personas.map((p) => p.name)).toContain('Lena, the student');

			const chat = view.rows.find((r) => r.touchpointName === 'Support chat')!;
			const { data: metrics } = await demo.rpc('touchpoint_metrics', { p_journey_id: chat.journeyId });
			const direct = (metrics as { touchpoint_id: string; nps: number; nps_n: number; csat_pct: number; csat_n: number }[]).find((m) => m.touchpoint_id === chat.touchpointId)!;
			expect(chat.metrics).toMatchObject({ nps: direct.nps, nps_n: direct.nps_n, csat_pct: direct.csat_pct, csat_n: direct.csat_n });
			expect(chat.trendMetric).toBe('csat');
			const thin = view.rows.find((r) => r.touchpointName === 'Reviews on social media')!;
			expect(thin).toMatchObject({ isHotspot: false, explanation: 'Not enough responses (n=1; 30 needed per metric)' });
			expect(thin.metrics.nps ?? thin.metrics.csat_pct ?? thin.metrics.ces_mean).toBeNull();
		});

		test('persona, channel, period, stage and "only hotspots" narrow the table; metrics follow the same filters', async () => {
			const everyone = await loadHotspots(demo, ws, DEFAULT_FILTERS);
			const forLena = await loadHotspots(demo, ws, filters({ personaId: lena }));
			expect(forLena.rows.filter((r) => r.isHotspot).map((r) => r.touchpointName)).toEqual(['Installation booking (IVR)', 'Support chat', 'First bill']);
			const n = (v: typeof everyone, name: string) => v.rows.find((r) => r.touchpointName === name)!.metrics.nps_n;
			expect(n(forLena, 'Support chat')).toBeLessThan(n(everyone, 'Support chat'));

			const chatOnly = await loadHotspots(demo, ws, filters({ channel: 'chat' }));
			const total = (v: typeof everyone) => v.rows.reduce((s, r) => s + r.metrics.nps_n, 0);
			expect(total(chatOnly)).toBeGreaterThan(0);
			expect(total(chatOnly)).toBeLessThan(total(everyone));

			const recent = await loadHotspots(demo, ws, filters({ period: '30d' }));
			expect(total(recent)).toBeLessThan(total(everyone));
			const none = await loadHotspots(demo, ws, filters({ period: 'custom', fromDate: '2020-01-01', toDate: '2020-01-31' }));
			expect(none.withEvidence).toBe(0);
			expect(none.rows.every((r) => r.explanation === 'No evidence yet')).toBe(true);

			const help = await loadHotspots(demo, ws, filters({ stage: 'Get help', hotspotsOnly: true }));
			expect(help.rows.map((r) => [r.rank, r.touchpointName])).toEqual([
				[1, 'Support chat'],
				[2, 'Fault report by email'],
				[3, 'Support hotline']
			]);
			const byName = await loadHotspots(demo, ws, filters({ sort: 'name' }));
			expect(byName.rows[0]!.touchpointName).toBe('Activation in the app');
		});

		test('a journey or persona from elsewhere is refused in words; a non-member gets nothing', async () => {
			const stranger = '00000000-0000-4000-8000-000000000000';
			await expect(loadHotspots(demo, ws, filters({ journeyId: stranger }))).rejects.toThrow(/not \(or no longer\) a journey of this workspace/);
			await expect(loadHotspots(demo, ws, filters({ personaId: stranger }))).rejects.toThrow(DataError);
			const outsider = await createUser(stack, 'outsider');
			await expect(loadHotspots(outsider.client, ws, DEFAULT_FILTERS)).rejects.toThrow(/permission/);
		});

		test('monthly sparklines of the rows on screen, as touchpoint_trend gives them', async () => {
			const view = await loadHotspots(demo, ws, DEFAULT_FILTERS);
			const started = performance.now();
			const lines = await loadSparklines(demo, view.rows, DEFAULT_FILTERS);
			console.log(`[hotspots] ${engine.name}: loadSparklines for ${view.rows.length} rows ${Math.round(performance.now() - started)} ms`);
			expect(Object.keys(lines)).toHaveLength(view.rows.filter((r) => r.trendMetric).length);
			const chat = view.rows.find((r) => r.touchpointName === 'Support chat')!;
			const points = lines[chat.touchpointId]!;
			expect(points.length).toBeGreaterThanOrEqual(5);
			expect(points.every((p) => new Date(p.bucket_start).getUTCDate() === 1)).toBe(true);
			const { data } = await demo.rpc('touchpoint_trend', { p_touchpoint_id: chat.touchpointId, p_metric: 'csat', p_bucket: 'month' });
			expect(points).toEqual((data as { bucket_start: string; value: number | null; n: number }[]).map(({ bucket_start, value, n }) => ({ bucket_start, value, n })));
		});

		test('the CSV of the filtered table: header, then the rows in the order shown', async () => {
			const view = await loadHotspots(demo, ws, filters({ personaId: lena, hotspotsOnly: true }));
			const parsed = Papa.parse<Record<string, string>>(hotspotsCsv(view.rows), { header: true, skipEmptyLines: true });
			expect(parsed.errors).toEqual([]);
			expect(parsed.data.map((r) => [r.rank, r.touchpoint, r.hotspot])).toEqual([
				['1', 'Installation booking (IVR)', 'yes'],
				['2', 'Support chat', 'yes'],
				['3', 'First bill', 'yes']
			]);
			expect(Number(parsed.data[0]!.nps_n)).toBe(view.rows[0]!.metrics.nps_n);
		});
	});
}
