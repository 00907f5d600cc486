/**
 * `npm run bench:metrics` — the metrics RPC's speed (DESIGN.md §7: `touchpoint_metrics` over 1M
 * responses and 200 touchpoints <= 150 ms on a Postgres server, >= 20x faster than downloading
 * the rows and aggregating in JS).
 *
 * On each engine — a Postgres server (BENCH_DATABASE_URL, else TEST_DATABASE_URL, else
 * postgres://postgres@127.0.0.1:5432/postgres; a fresh database is created and dropped) and
 * embedded PGlite (a temporary data folder) — it:
 * 1. starts the stack, signs up a member, creates one journey of 200 touchpoints and 5 personas;
 * 2. loads 1M survey responses (mixed NPS / CSAT 1–5 and 1–7 / CES, random personas and
 *    channels, ~365 days), 50k service cases and 50k feedback items with
 *    `insert … select … from generate_series` in chunks of 100k, through the rollup triggers,
 *    and times it (then VACUUM ANALYZE, timed apart);
 * 3. through supabase-js as the member: `touchpoint_metrics` p50/p95 over RUNS calls without
 *    filters, with a persona filter and with a 90-day period filter (partial days at both ends);
 * 4. the baseline: download every response, case and feedback row of the journey through
 *    supabase-js (keyset pages of PostgREST's 1,000-row maximum) and compute the same rows with
 *    touchpointMetricsReference; checks that the RPC and the reference agree, reports the speed-up.
 * Prints the figures and writes bench/results/metrics.json.
 *
 *   BENCH_ROWS=1000000 RUNS=20 BASELINE_RUNS=1 BENCH_ENGINES=postgres,pglite npm run bench:metrics
 *   (BENCH_KEEP_DB=1 keeps the Postgres database for EXPLAIN ANALYZE afterwards)
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { SupabaseClient } from '@supabase/supabase-js';
import pg from 'pg';
import { runnerImport } from 'vite';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const CASES = Math.round(ROWS / 20);
const FEEDBACK = Math.round(ROWS / 20);
const CHUNK = 100_000;
const TOUCHPOINTS = 200;
const PERSONAS = 5;
const RUNS = Number(process.env.RUNS ?? 20);
const BASELINE_RUNS = Number(process.env.BASELINE_RUNS ?? 1);
const ENGINES = (process.env.BENCH_ENGINES ?? 'postgres,pglite').split(',');
const PAGE = 1000; // PGRST_DB_MAX_ROWS of the local stack
const START = Date.UTC(2025, 11, 1);
const DAY = 86_400_000;

const load = async <T>(path: string) => (await runnerImport<T>(path, { logLevel: 'error' })).module;
const { startStack } = await load<typeof import('../src/lib/server/stack/index.ts')>('/src/lib/server/stack/index.ts');
const { serviceClient, userClient } = await load<typeof import('../src/lib/server/supabase.ts')>('/src/lib/server/supabase.ts');
const { LocalAuth } = await load<typeof import('../src/lib/server/auth/local.ts')>('/src/lib/server/auth/local.ts');
const { touchpointMetricsReference } = await load<typeof import('../src/lib/domain/metrics/touchpoint.ts')>('/src/lib/domain/metrics/touchpoint.ts');
type Stack = import('../src/lib/server/stack/index.ts').Stack;
type Row = import('../src/lib/domain/metrics/touchpoint.ts').TouchpointMetricsRow;
type Data = Parameters<typeof touchpointMetricsReference>[1];

const EMAIL = 'bench-metrics@example.test';
const PASSWORD = 'correct horse battery';

interface Setup {
	workspaceId: string;
	journeyId: string;
	touchpoints: { id: string; name: string; stage_id: string | null }[];
	personas: string[];
}

/** Workspace (owned by the member), journey, 200 touchpoints, 5 personas — through supabase-js. */
async function setUp(stack: Stack): Promise<Setup> {
	const service = serviceClient(stack);
	const session = await new LocalAuth(service, stack.jwtSecret!).signUp(EMAIL, PASSWORD, 'Bench analyst');
	const member = userClient(stack, session.accessToken);
	const { data: ws, error } = await member.rpc('create_workspace', { p_name: 'Metrics bench' });
	if (error) throw error;
	const { data: journey, error: jError } = await service.from('journeys').insert({ workspace_id: ws.id, name: 'Bench journey' }).select('id').single();
	if (jError) throw jError;
	const { data: tps, error: tError } = await service
		.from('touchpoints')
		.insert(Array.from({ length: TOUCHPOINTS }, (_, i) => ({ journey_id: journey.id, workspace_id: ws.id, name: `Touchpoint ${i + 1}`, position: i })))
		.select('id, name, stage_id');
	if (tError) throw tError;
	const { data: ps, error: pError } = await service
		.from('personas')
		.insert(Array.from({ length: PERSONAS }, (_, i) => ({ workspace_id: ws.id, name: `Persona ${i + 1}` })))
		.select('id');
	if (pError) throw pError;
	return { workspaceId: ws.id, journeyId: journey.id, touchpoints: tps, personas: ps.map((p) => p.id as string) };
}

const uuidArray = (ids: string[]) => `'{${ids.join(',')}}'::uuid[]`;
const at = (ms: number) => `timestamptz '${new Date(ms).toISOString()}'`;

/** The load as SQL statements: one insert … select … generate_series per chunk. */
function loadStatements({ workspaceId, touchpoints, personas }: Setup): { table: string; rows: number; sql: string }[] {
	const ws = `'${workspaceId}'::uuid`;
	const tps = uuidArray(touchpoints.map((t) => t.id));
	const pss = uuidArray(personas);
	const channels = `array['web','app','email','phone']`;
	// Whole milliseconds, as JavaScript dates hold them, so the reference sees the same durations.
	const year = `date_trunc('milliseconds', ${at(START)} + r.t * interval '365 days')`;
	const statements: { table: string; rows: number; sql: string }[] = [];
	for (let lo = 1; lo <= ROWS; lo += CHUNK) {
		const hi = Math.min(ROWS, lo + CHUNK - 1);
		// r.m picks the metric (40 % NPS, 35 % CSAT — 70 % of it on 1–5 —, 25 % CES); touchpoints
		// lean differently (b) so their scores differ.
		statements.push({
			table: 'survey_responses',
			rows: hi - lo + 1,
			sql: `insert into public.survey_responses (workspace_id, touchpoint_id, metric, score, scale_max, persona_id, channel, responded_at, source)
select ${ws}, (${tps})[1 + g % ${TOUCHPOINTS}], x.metric,
  case x.metric when 'nps' then greatest(0, least(10, floor(r.s * 11 + x.b * 3)))
                else greatest(1, least(x.scale_max, 1 + floor(r.s * x.scale_max + x.b * 2))) end,
  x.scale_max,
  case when r.p < 0.2 then null else (${pss})[1 + floor(r.p * 100)::int % ${PERSONAS}] end,
  case when r.c < 0.15 then null else (${channels})[1 + floor(r.c * 100)::int % 4] end,
  ${year}, 'import'
from generate_series(${lo}, ${hi}) g
cross join lateral (select random() as m, random() as k, random() as s, random() as p, random() as c, random() as t, g as _g) r
cross join lateral (select case when r.m < 0.4 then 'nps' when r.m < 0.75 then 'csat' else 'ces' end as metric,
  (case when r.m < 0.4 then 10 when r.m < 0.75 and r.k < 0.7 then 5 else 7 end)::smallint as scale_max,
  ((g % ${TOUCHPOINTS}) / ${TOUCHPOINTS}.0 - 0.3) as b) x`
		});
	}
	statements.push({
		table: 'service_cases',
		rows: CASES,
		sql: `insert into public.service_cases (workspace_id, touchpoint_id, channel, opened_at, first_response_at, resolved_at)
select ${ws}, (${tps})[1 + g % ${TOUCHPOINTS}],
  case when r.c < 0.15 then null else (${channels})[1 + floor(r.c * 100)::int % 4] end,
  o.opened, case when r.a < 0.9 then date_trunc('milliseconds', o.opened + r.f * interval '600 minutes') end,
  case when r.d < 0.85 then date_trunc('milliseconds', o.opened + interval '1 hour' + r.h * interval '72 hours') end
from generate_series(1, ${CASES}) g
cross join lateral (select random() as c, random() as a, random() as f, random() as d, random() as h, random() as t, g as _g) r
cross join lateral (select ${year} as opened) o`
	});
	statements.push({
		table: 'feedback',
		rows: FEEDBACK,
		sql: `insert into public.feedback (workspace_id, touchpoint_id, source, body, sentiment, persona_id, created_at)
select ${ws}, (${tps})[1 + g % ${TOUCHPOINTS}], 'email', 'Feedback ' || g,
  case when r.s < 0.1 then null when r.s < 0.4 then 'negative' when r.s < 0.6 then 'neutral' else 'positive' end,
  case when r.p < 0.2 then null else (${pss})[1 + floor(r.p * 100)::int % ${PERSONAS}] end,
  ${year}
from generate_series(1, ${FEEDBACK}) g
cross join lateral (select random() as s, random() as p, random() as t, g as _g) r`
	});
	return statements;
}

/** Runs the load through `exec`, timing the responses (with their rollup triggers) apart. */
async function loadData(exec: (sql: string) => Promise<unknown>, setup: Setup) {
	await exec('select setseed(0.42)');
	const timings = { responsesMs: 0, casesMs: 0, feedbackMs: 0, vacuumAnalyzeMs: 0 };
	for (const statement of loadStatements(setup)) {
		const started = performance.now();
		await exec(statement.sql);
		const ms = performance.now() - started;
		if (statement.table === 'survey_responses') timings.responsesMs += ms;
		else if (statement.table === 'service_cases') timings.casesMs += ms;
		else timings.feedbackMs += ms;
	}
	const started = performance.now();
	await exec('vacuum analyze public.survey_responses, public.service_cases, public.feedback, private.response_rollups');
	timings.vacuumAnalyzeMs = performance.now() - started;
	const round = (x: number) => Math.round(x);
	return {
		responses: ROWS,
		chunkRows: CHUNK,
		responsesMs: round(timings.responsesMs),
		responsesPerSecond: Math.round(ROWS / (timings.responsesMs / 1000)),
		cases: CASES,
		casesMs: round(timings.casesMs),
		feedback: FEEDBACK,
		feedbackMs: round(timings.feedbackMs),
		vacuumAnalyzeMs: round(timings.vacuumAnalyzeMs)
	};
}

const percentile = (xs: number[], p: number) => {
	const s = [...xs].sort((a, b) => a - b);
	const h = (s.length - 1) * p;
	const lo = Math.floor(h);
	return s[lo]! + (h - lo) * (s[Math.ceil(h)]! - s[lo]!);
};
const ms1 = (x: number) => Math.round(x * 10) / 10;

interface Filters {
	from?: string | null;
	to?: string | null;
	personaId?: string | null;
	channel?: string | null;
}

async function rpc(client: SupabaseClient, journeyId: string, f: Filters): Promise<Row[]> {
	const { data, error } = await client.rpc('touchpoint_metrics', {
		p_journey_id: journeyId,
		p_from: f.from ?? null,
		p_to: f.to ?? null,
		p_persona_id: f.personaId ?? null,
		p_channel: f.channel ?? null
	});
	if (error) throw new Error(`touchpoint_metrics: ${error.message}`);
	return data as Row[];
}

async function timeRpc(client: SupabaseClient, journeyId: string, f: Filters) {
	for (let i = 0; i < 2; i++) await rpc(client, journeyId, f); // warm-up
	const times: number[] = [];
	let rows = 0;
	for (let i = 0; i < RUNS; i++) {
		const started = performance.now();
		rows = (await rpc(client, journeyId, f)).length;
		times.push(performance.now() - started);
	}
	return { runs: RUNS, rows, p50Ms: ms1(percentile(times, 0.5)), p95Ms: ms1(percentile(times, 0.95)), minMs: ms1(Math.min(...times)), maxMs: ms1(Math.max(...times)) };
}

/** Every row of a table for the journey's touchpoints, in keyset pages of PAGE rows. */
async function downloadAll<T>(client: SupabaseClient, table: string, columns: string, touchpointIds: string[]): Promise<T[]> {
	const out: T[] = [];
	let after = 0;
	for (;;) {
		const { data, error } = await client.from(table).select(`id, ${columns}`).in('touchpoint_id', touchpointIds).gt('id', after).order('id').limit(PAGE);
		if (error) throw new Error(`${table}: ${error.message}`);
		// The column list is built at run time, so supabase-js cannot type the rows.
		const rows = data as unknown as (T & { id: number })[];
		for (const row of rows) out.push(row);
		if (rows.length < PAGE) return out;
		after = rows.at(-1)!.id;
	}
}

async function baseline(client: SupabaseClient, setup: Setup, minN: number) {
	const ids = setup.touchpoints.map((t) => t.id);
	const started = performance.now();
	const [responses, cases, feedback] = [
		await downloadAll<Data['responses'][number]>(client, 'survey_responses', 'touchpoint_id, metric, score, scale_max, persona_id, channel, responded_at', ids),
		await downloadAll<Data['cases'][number]>(client, 'service_cases', 'touchpoint_id, channel, opened_at, first_response_at, resolved_at', ids),
		await downloadAll<Data['feedback'][number]>(client, 'feedback', 'touchpoint_id, persona_id, sentiment, created_at', ids)
	];
	const downloaded = performance.now();
	const rows = touchpointMetricsReference(setup.touchpoints, { responses, cases, feedback }, { minN });
	const done = performance.now();
	return {
		rows,
		timing: {
			downloadMs: Math.round(downloaded - started),
			aggregateMs: Math.round(done - downloaded),
			totalMs: Math.round(done - started),
			requests: Math.ceil((responses.length + 1) / PAGE) + Math.ceil((cases.length + 1) / PAGE) + Math.ceil((feedback.length + 1) / PAGE),
			rowsDownloaded: responses.length + cases.length + feedback.length
		}
	};
}

/** How far the RPC's rows are from the reference's: largest relative difference, null mismatches. */
function compare(actual: Row[], expected: Row[]) {
	let maxRelativeDifference = 0;
	let mismatches = 0;
	const byId = new Map(actual.map((r) => [r.touchpoint_id, r]));
	for (const want of expected) {
		const got = byId.get(want.touchpoint_id) as unknown as Record<string, unknown> | undefined;
		if (!got) {
			mismatches++;
			continue;
		}
		for (const [key, value] of Object.entries(want)) {
			const other = got[key];
			if (typeof value === 'number' && typeof other === 'number') maxRelativeDifference = Math.max(maxRelativeDifference, Math.abs(other - value) / Math.max(1, Math.abs(value)));
			else if (value !== other) mismatches++;
		}
	}
	return { maxRelativeDifference, mismatches };
}

async function measure(stack: Stack, setup: Setup) {
	const session = await new LocalAuth(serviceClient(stack), stack.jwtSecret!).signIn(EMAIL, PASSWORD);
	const member = userClient(stack, session.accessToken);
	const period = { from: new Date(START + 200.5 * DAY).toISOString(), to: new Date(START + 290.25 * DAY).toISOString() };
	console.log('  touchpoint_metrics …');
	const rpcs = {
		noFilter: await timeRpc(member, setup.journeyId, {}),
		persona: await timeRpc(member, setup.journeyId, { personaId: setup.personas[0] }),
		period: { ...(await timeRpc(member, setup.journeyId, period)), ...period }
	};
	for (const [label, r] of Object.entries(rpcs)) console.log(`    ${label.padEnd(9)} p50 ${r.p50Ms} ms, p95 ${r.p95Ms} ms (${r.runs} runs, ${r.rows} rows)`);
	const baselines = [];
	let agreement = { maxRelativeDifference: NaN, mismatches: NaN };
	for (let i = 0; i < BASELINE_RUNS; i++) {
		console.log('  baseline: download every row through supabase-js and aggregate in JS …');
		const { rows, timing } = await baseline(member, setup, 30);
		baselines.push(timing);
		console.log(`    download ${timing.downloadMs} ms (${timing.requests} requests, ${timing.rowsDownloaded.toLocaleString('en')} rows) + aggregate ${timing.aggregateMs} ms = ${timing.totalMs} ms`);
		if (i === 0) agreement = compare(await rpc(member, setup.journeyId, {}), rows);
	}
	const baselineMs = percentile(baselines.map((b) => b.totalMs), 0.5);
	const speedUp = Math.round(baselineMs / rpcs.noFilter.p50Ms);
	console.log(`    speed-up (baseline / RPC p50, no filter): ${speedUp}x; RPC vs reference: max relative difference ${agreement.maxRelativeDifference.toExponential(1)}, ${agreement.mismatches} mismatches`);
	return { rpc: rpcs, baseline: baselines, speedUp, agreement };
}

async function onPostgres() {
	const adminUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
	const dbName = `js_bench_metrics_${process.pid}`;
	const admin = async (sql: string) => {
		const client = new pg.Client({ connectionString: adminUrl });
		await client.connect();
		try {
			await client.query(sql);
		} finally {
			await client.end();
		}
	};
	await admin(`create database ${dbName}`);
	const url = new URL(adminUrl);
	url.pathname = `/${dbName}`;
	const dir = mkdtempSync(join(tmpdir(), 'js-bench-metrics-'));
	try {
		const stack = await startStack({ mode: 'postgres', dataDir: dir, databaseUrl: url.href, log: () => undefined });
		try {
			const setup = await setUp(stack);
			const client = new pg.Client({ connectionString: url.href });
			await client.connect();
			const version = (await client.query<{ server_version: string }>('show server_version')).rows[0]!.server_version;
			console.log(`Postgres ${version}: loading ${ROWS.toLocaleString('en')} responses …`);
			let loaded;
			try {
				loaded = await loadData((sql) => client.query(sql), setup);
			} finally {
				await client.end();
			}
			console.log(`  load: ${loaded.responsesMs} ms → ${loaded.responsesPerSecond.toLocaleString('en')} responses/s with the rollup triggers; vacuum analyze ${loaded.vacuumAnalyzeMs} ms`);
			return { engine: 'postgres', serverVersion: version, load: loaded, ...(await measure(stack, setup)) };
		} finally {
			await stack.stop();
		}
	} finally {
		rmSync(dir, { recursive: true, force: true });
		if (process.env.BENCH_KEEP_DB) console.log(`  kept database ${url.href} (BENCH_KEEP_DB); drop it when done`);
		else await admin(`drop database if exists ${dbName} with (force)`);
	}
}

async function onPglite() {
	const dir = mkdtempSync(join(tmpdir(), 'js-bench-metrics-'));
	try {
		// Migrate and set up through the stack, then load with PGlite itself (the stack's socket
		// takes a single connection, PostgREST's), then start the stack again to measure.
		let stack = await startStack({ mode: 'embedded', dataDir: dir, log: () => undefined });
		let setup: Setup;
		try {
			setup = await setUp(stack);
		} finally {
			await stack.stop();
		}
		console.log(`PGlite: loading ${ROWS.toLocaleString('en')} responses …`);
		const db = await PGlite.create(join(dir, 'pgdata'));
		let loaded;
		try {
			loaded = await loadData((sql) => db.exec(sql), setup);
		} finally {
			await db.close();
		}
		console.log(`  load: ${loaded.responsesMs} ms → ${loaded.responsesPerSecond.toLocaleString('en')} responses/s with the rollup triggers; vacuum analyze ${loaded.vacuumAnalyzeMs} ms`);
		stack = await startStack({ mode: 'embedded', dataDir: dir, log: () => undefined });
		try {
			return { engine: 'pglite', load: loaded, ...(await measure(stack, setup)) };
		} finally {
			await stack.stop();
		}
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

const engines = [];
if (ENGINES.includes('postgres')) engines.push(await onPostgres());
if (ENGINES.includes('pglite')) engines.push(await onPglite());

const result = {
	measuredAt: new Date().toISOString(),
	node: process.version,
	responses: ROWS,
	touchpoints: TOUCHPOINTS,
	goals: { rpcP50MsOnPostgres: 150, speedUp: 20 },
	engines
};
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/metrics.json', JSON.stringify(result, null, 2) + '\n');
console.log(JSON.stringify(result, null, 2));
// A fast wrong answer is no result: the RPC must equal the reference computed from the rows.
for (const e of engines) {
	if (e.agreement.mismatches > 0 || !(e.agreement.maxRelativeDifference <= 1e-9)) {
		console.error(`${e.engine}: touchpoint_metrics disagrees with touchpointMetricsReference (${JSON.stringify(e.agreement)})`);
		process.exitCode = 1;
	}
}
