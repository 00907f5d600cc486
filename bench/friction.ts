/**
 * `npm run bench:friction` — the friction RPC's speed (issue 6: `friction_hotspots` for a
 * workspace with 20 journeys, 1,000 touchpoints and 5M responses, p95 <= 300 ms on a Postgres
 * server).
 *
 * Creates a fresh database on BENCH_DATABASE_URL (else TEST_DATABASE_URL, else
 * postgres://postgres@127.0.0.1:5432/postgres), starts the stack on it, signs up a member and
 * creates 20 journeys of 50 touchpoints (5 stages each) and 5 personas through supabase-js.
 * Then loads 5M responses (~365 days), 100k cases and 100k feedback items with
 * `insert … select … from generate_series`. For speed the rollup triggers are disabled during
 * the load and the rollups are built afterwards by the very SQL the triggers run
 * (`private.rollup_delta_sql`, as the migration's backfill does); both steps are timed.
 * Measures through supabase-js as the member, RUNS calls each: the whole workspace without
 * filters, one persona, a 90-day period, and one journey. Prints the figures and writes
 * bench/results/friction.json.
 *
 *   BENCH_ROWS=5000000 RUNS=10 npm run bench:friction      (BENCH_KEEP_DB=1 keeps the database)
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SupabaseClient } from '@supabase/supabase-js';
import pg from 'pg';
import { runnerImport } from 'vite';

const ROWS = Number(process.env.BENCH_ROWS ?? 5_000_000);
const RUNS = Number(process.env.RUNS ?? 10);
const JOURNEYS = 20;
const PER_JOURNEY = 50;
const CHUNK = 500_000;
const GOAL_P95_MS = 300;

const load = async <T>(path: string) => (await runnerImport<T>(path, { logLevel: 'error' })).module;
const { startStack } = await load<typeof import('../src/lib/server/stack/index.ts')>('/src/lib/server/stack/index.ts');
const { serviceClient, userClient } = await load<typeof import('../src/lib/server/supabase.ts')>('/src/lib/server/supabase.ts');
const { LocalAuth } = await load<typeof import('../src/lib/server/auth/local.ts')>('/src/lib/server/auth/local.ts');

const check = <T>(result: { data: T | null; error: { message: string } | null }, what: string): T => {
	if (result.error) throw new Error(`${what}: ${result.error.message}`);
	return result.data as T;
};

async function setUp(service: SupabaseClient, member: SupabaseClient) {
	const ws = check(await member.rpc('create_workspace', { p_name: 'Friction bench' }), 'workspace') as { id: string };
	const personas = check(await service.from('personas').insert(Array.from({ length: 5 }, (_, i) => ({ workspace_id: ws.id, name: `Persona ${i + 1}` }))).select('id'), 'personas');
	const touchpoints: string[] = [];
	const journeys: string[] = [];
	for (let j = 0; j < JOURNEYS; j++) {
		const journey = check(await service.from('journeys').insert({ workspace_id: ws.id, name: `Journey ${j + 1}` }).select('id').single(), 'journey') as { id: string };
		journeys.push(journey.id);
		const stages = check(
			await service.from('stages').insert(Array.from({ length: 5 }, (_, i) => ({ journey_id: journey.id, workspace_id: ws.id, name: `Stage ${i + 1}`, position: i }))).select('id'),
			'stages'
		) as { id: string }[];
		const tps = check(
			await service
				.from('touchpoints')
				.insert(Array.from({ length: PER_JOURNEY }, (_, i) => ({ journey_id: journey.id, workspace_id: ws.id, stage_id: stages[i % 5]!.id, name: `J${j + 1} T${i + 1}`, position: i })))
				.select('id'),
			'touchpoints'
		) as { id: string }[];
		touchpoints.push(...tps.map((t) => t.id));
	}
	return { workspaceId: ws.id, journeys, touchpoints, personas: (personas as { id: string }[]).map((p) => p.id) };
}

function loadSql(s: Awaited<ReturnType<typeof setUp>>): { label: string; sql: string }[] {
	const ws = `'${s.workspaceId}'::uuid`;
	const tps = `'{${s.touchpoints.join(',')}}'::uuid[]`;
	const pss = `'{${s.personas.join(',')}}'::uuid[]`;
	const n = s.touchpoints.length;
	const when = `date_trunc('milliseconds', now() - r.t * interval '365 days')`;
	const out: { label: string; sql: string }[] = [];
	for (let lo = 1; lo <= ROWS; lo += CHUNK) {
		const hi = Math.min(ROWS, lo + CHUNK - 1);
		// Touchpoint quality b varies, so some are hotspots and most are not.
		out.push({
			label: 'responses',
			sql: `insert into public.survey_responses (workspace_id, touchpoint_id, metric, score, scale_max, persona_id, channel, responded_at, source)
select ${ws}, (${tps})[1 + g % ${n}], x.metric,
  case x.metric when 'nps' then greatest(0, least(10, floor(r.s * 6 + x.b * 6))) else greatest(1, least(x.scale_max, 1 + floor(r.s * 3 + x.b * (x.scale_max - 2)))) end,
  x.scale_max, case when r.p < 0.2 then null else (${pss})[1 + floor(r.p * 100)::int % 5] end,
  (array['web','app','email','phone'])[1 + floor(r.c * 4)::int], ${when}, 'import'
from generate_series(${lo}, ${hi}) g
cross join lateral (select random() as m, random() as s, random() as p, random() as c, random() as t, g as _g) r
cross join lateral (select case when r.m < 0.4 then 'nps' when r.m < 0.75 then 'csat' else 'ces' end as metric,
  (case when r.m < 0.4 then 10 when r.m < 0.75 then 5 else 7 end)::smallint as scale_max,
  ((g % ${n}) % 17) / 16.0 as b) x`
		});
	}
	out.push({
		label: 'cases',
		sql: `insert into public.service_cases (workspace_id, touchpoint_id, channel, opened_at, first_response_at, resolved_at)
select ${ws}, (${tps})[1 + g % ${n}], 'phone', o.at, o.at + r.f * interval '300 minutes', case when r.d < 0.9 then o.at + r.h * interval '60 hours' end
from generate_series(1, ${Math.round(ROWS / 50)}) g
cross join lateral (select random() as f, random() as d, random() as h, random() as t, g as _g) r
cross join lateral (select ${when} as at) o`
	});
	out.push({
		label: 'feedback',
		sql: `insert into public.feedback (workspace_id, touchpoint_id, source, body, sentiment, theme, persona_id, created_at)
select ${ws}, (${tps})[1 + g % ${n}], 'email', 'Feedback ' || g,
  case when r.s < 0.1 then null when r.s < 0.45 then 'negative' when r.s < 0.65 then 'neutral' else 'positive' end,
  (array['waiting','billing','app crash','staff'])[1 + floor(r.k * 4)::int],
  case when r.p < 0.2 then null else (${pss})[1 + floor(r.p * 100)::int % 5] end, ${when}
from generate_series(1, ${Math.round(ROWS / 50)}) g
cross join lateral (select random() as s, random() as k, random() as p, random() as t, g as _g) r`
	});
	return out;
}

const percentile = (xs: number[], p: number) => {
	const s = [...xs].sort((a, b) => a - b);
	const h = (s.length - 1) * p;
	const lo = Math.floor(h);
	return Math.round((s[lo]! + (h - lo) * (s[Math.ceil(h)]! - s[lo]!)) * 10) / 10;
};

async function time(member: SupabaseClient, params: Record<string, unknown>) {
	const ms: number[] = [];
	let rows = 0;
	let hotspots = 0;
	for (let i = 0; i < RUNS + 1; i++) {
		const started = performance.now();
		const data = check(await member.rpc('friction_hotspots', params), 'friction_hotspots') as { is_hotspot: boolean }[];
		if (i > 0) ms.push(performance.now() - started); // the first call warms the plan cache
		rows = data.length;
		hotspots = data.filter((r) => r.is_hotspot).length;
	}
	return { runs: RUNS, rows, hotspots, p50Ms: percentile(ms, 0.5), p95Ms: percentile(ms, 0.95), maxMs: percentile(ms, 1) };
}

const adminUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = `js_bench_friction_${process.pid}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`create database ${dbName}`);
const url = new URL(adminUrl);
url.pathname = `/${dbName}`;
const dir = mkdtempSync(join(tmpdir(), 'js-bench-friction-'));
try {
	const stack = await startStack({ mode: 'postgres', dataDir: dir, databaseUrl: url.href, log: () => undefined });
	try {
		const service = serviceClient(stack);
		const session = await new LocalAuth(service, stack.jwtSecret!).signUp('bench-friction@example.test', 'correct horse battery', 'Bench');
		const member = userClient(stack, session.accessToken);
		const setup = await setUp(service, member);
		const db = new pg.Client({ connectionString: url.href });
		await db.connect();
		const version = (await db.query<{ server_version: string }>('show server_version')).rows[0]!.server_version;
		console.log(`Postgres ${version}: ${JOURNEYS} journeys, ${setup.touchpoints.length} touchpoints; loading ${ROWS.toLocaleString('en')} responses …`);
		const timings: Record<string, number> = { responsesMs: 0, casesMs: 0, feedbackMs: 0 };
		await db.query('select setseed(0.7)');
		await db.query('alter table public.survey_responses disable trigger user');
		for (const statement of loadSql(setup)) {
			const started = performance.now();
			await db.query(statement.sql);
			timings[`${statement.label}Ms`]! += performance.now() - started;
		}
		await db.query('alter table public.survey_responses enable trigger user');
		let started = performance.now();
		const rollup = (await db.query<{ sql: string }>("select private.rollup_delta_sql('public.survey_responses', 1) as sql")).rows[0]!.sql;
		await db.query(`insert into private.response_rollups (workspace_id, touchpoint_id, span, grain, day, metric, scale_max, persona_id, channel, n, c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10) ${rollup}`);
		timings.rollupsMs = performance.now() - started;
		started = performance.now();
		await db.query('vacuum analyze');
		timings.vacuumAnalyzeMs = performance.now() - started;
		const rollupRows = Number((await db.query<{ n: string }>('select count(*) as n from private.response_rollups')).rows[0]!.n);
		await db.end();
		for (const [k, v] of Object.entries(timings)) timings[k] = Math.round(v);
		console.log(`  load ${timings.responsesMs} ms (triggers off), rollups built in ${timings.rollupsMs} ms (${rollupRows.toLocaleString('en')} rows), vacuum analyze ${timings.vacuumAnalyzeMs} ms`);

		const ws = setup.workspaceId;
		const day = 86_400_000;
		const cases = {
			workspace: await time(member, { p_workspace_id: ws }),
			persona: await time(member, { p_workspace_id: ws, p_persona_id: setup.personas[0] }),
			period90Days: await time(member, { p_workspace_id: ws, p_from: new Date(Date.now() - 90.5 * day).toISOString(), p_to: new Date(Date.now() - 0.25 * day).toISOString() }),
			oneJourney: await time(member, { p_workspace_id: ws, p_journey_id: setup.journeys[0] })
		};
		for (const [label, r] of Object.entries(cases)) console.log(`  ${label.padEnd(13)} p50 ${r.p50Ms} ms, p95 ${r.p95Ms} ms (${r.runs} runs, ${r.rows} rows, ${r.hotspots} hotspots)`);
		const result = {
			measuredAt: new Date().toISOString(),
			serverVersion: version,
			responses: ROWS,
			journeys: JOURNEYS,
			touchpoints: setup.touchpoints.length,
			rollupRows,
			load: timings,
			friction: cases,
			goal: { p95Ms: GOAL_P95_MS, met: cases.workspace.p95Ms <= GOAL_P95_MS }
		};
		mkdirSync('bench/results', { recursive: true });
		writeFileSync('bench/results/friction.json', JSON.stringify(result, null, 2) + '\n');
		console.log(JSON.stringify(result, null, 2));
	} finally {
		await stack.stop();
	}
} finally {
	rmSync(dir, { recursive: true, force: true });
	if (process.env.BENCH_KEEP_DB) console.log(`kept database ${url.href} (BENCH_KEEP_DB); drop it when done`);
	else await admin.query(`drop database if exists ${dbName} with (force)`);
	await admin.end();
}
