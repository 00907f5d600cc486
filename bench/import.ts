/**
 * `npm run bench:import` — the import's speed (DESIGN.md §7: 1M responses parse + validate +
 * load <= 10 s; CSV parsing at least as fast as d3-dsv).
 *
 * 1. Parsing 1M generated long-format rows (~37 MB): papaparse alone, the importer's reader
 *    (papaparse + line numbers + checks), and d3-dsv's csvParseRows. Median of 3 runs each.
 * 2. The CLI end to end on a Postgres server (BENCH_DATABASE_URL, else TEST_DATABASE_URL, else
 *    postgres://postgres@127.0.0.1:5432/postgres; a fresh database is created and dropped):
 *    `npm run import` on the same 1M rows into a journey of 200 touchpoints, as a user runs it
 *    (a new process: module loading and the stack included). Phases as the CLI reports them:
 *    analyse (first pass), open (the transaction), validate (second pass; the COPY runs meanwhile
 *    in the worker thread), load (from the end of the validation: the COPY's tail, then
 *    finish_copy_import's checks and rollups, then COMMIT), copy (the whole COPY, overlapping
 *    validate), modules (process start to the file read: Node, Vite's module runner, the app's
 *    modules), start (the stack), total (the process, from its start).
 * Prints the figures and writes bench/results/import.json.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csvParseRows } from 'd3-dsv';
import Papa from 'papaparse';
import pg from 'pg';
import { runnerImport } from 'vite';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const TOUCHPOINTS = 200;
const load = async <T>(path: string) => (await runnerImport<T>(path, { logLevel: 'error' })).module;
const { readCsv } = await load<typeof import('../src/lib/domain/import/csv.ts')>('/src/lib/domain/import/csv.ts');
const { startStack } = await load<typeof import('../src/lib/server/stack/index.ts')>('/src/lib/server/stack/index.ts');
const { serviceClient } = await load<typeof import('../src/lib/server/supabase.ts')>('/src/lib/server/supabase.ts');
const { LocalAuth } = await load<typeof import('../src/lib/server/auth/local.ts')>('/src/lib/server/auth/local.ts');

const names = Array.from({ length: TOUCHPOINTS }, (_, i) => `Touchpoint ${i + 1}`);
function generate(rows: number): string {
	const parts = ['touchpoint,score,comment,date,channel'];
	const channels = ['web', 'app', 'email', 'phone'];
	for (let i = 0; i < rows; i++) {
		const comment = i % 10 === 0 ? `"Slow, ""really"" slow ${i % 97}"` : '';
		parts.push(`${names[i % TOUCHPOINTS]},${i % 11},${comment},2026-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')},${channels[i % 4]}`);
	}
	return parts.join('\r\n') + '\r\n';
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
function timeIt(run: () => number): { ms: number; rows: number } {
	const times: number[] = [];
	let rows = 0;
	for (let i = 0; i < 3; i++) {
		const started = performance.now();
		rows = run();
		times.push(performance.now() - started);
	}
	return { ms: Math.round(median(times)), rows };
}

console.log(`generating ${ROWS.toLocaleString('en')} rows…`);
const text = generate(ROWS);
const mb = text.length / 1e6;
const parsing = {
	megabytes: Math.round(mb * 10) / 10,
	d3dsv: timeIt(() => csvParseRows(text).length - 1),
	papaparse: timeIt(() => Papa.parse<string[]>(text, { delimiter: ',', newline: '\r\n' }).data.length - 2),
	importerReader: timeIt(() => {
		let n = 0;
		readCsv(text, {}, () => n++);
		return n;
	})
};
console.log(
	`parse ${parsing.megabytes} MB: d3-dsv ${parsing.d3dsv.ms} ms, papaparse ${parsing.papaparse.ms} ms, importer reader ${parsing.importerReader.ms} ms (median of 3)`
);

const adminUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = `js_bench_import_${process.pid}`;
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
const dir = mkdtempSync(join(tmpdir(), 'js-bench-import-'));
let cli: Record<string, unknown> = {};
try {
	const stack = await startStack({ mode: 'postgres', dataDir: dir, databaseUrl: url.href, log: () => undefined });
	let journeyId: string;
	try {
		const service = serviceClient(stack);
		const session = await new LocalAuth(service, stack.jwtSecret!).signUp('bench@example.test', 'correct horse battery', 'Bench');
		const { data: ws, error } = await service.from('workspaces').insert({ name: 'Bench', created_by: session.user.id }).select('id').single();
		if (error) throw error;
		const { data: journey, error: jError } = await service.from('journeys').insert({ workspace_id: ws.id, name: 'Bench journey' }).select('id').single();
		if (jError) throw jError;
		journeyId = journey.id as string;
		const { error: tError } = await service
			.from('touchpoints')
			.insert(names.map((name, position) => ({ journey_id: journeyId, workspace_id: ws.id, name, position })));
		if (tError) throw tError;
	} finally {
		await stack.stop();
	}
	writeFileSync(join(dir, 'responses.csv'), text);
	writeFileSync(join(dir, 'mapping.json'), JSON.stringify({ kind: 'responses', format: 'long', metric: 'nps', columns: { touchpoint: 'touchpoint', score: 'score', comment: 'comment', date: 'date', channel: 'channel' } }));
	console.log('running npm run import on a Postgres server…');
	const started = performance.now();
	const run = spawnSync(process.execPath, ['scripts/import.ts', '--journey', journeyId, '--file', join(dir, 'responses.csv'), '--mapping', join(dir, 'mapping.json'), '--json'], {
		env: { ...process.env, DATABASE_URL: url.href },
		encoding: 'utf8',
		maxBuffer: 64 * 1024 * 1024
	});
	const wallMs = Math.round(performance.now() - started);
	if (run.status !== 0) throw new Error(`import failed: ${run.stderr}`);
	const out = JSON.parse(run.stdout.trim().split('\n').pop()!) as { report: { accepted: number }; timings: Record<string, number>; triggersSkipped?: boolean };
	const t = out.timings;
	cli = {
		rows: ROWS,
		accepted: out.report.accepted,
		triggersSkipped: out.triggersSkipped,
		timings: t,
		processWallMs: wallMs,
		rowsPerSecond: Math.round(ROWS / (wallMs / 1000)),
		goalMs: 10_000
	};
	console.log(
		`import of ${ROWS.toLocaleString('en')} rows: whole CLI process ${wallMs} ms → ${(cli.rowsPerSecond as number).toLocaleString('en')} rows/s ` +
			`(modules and file ${t.modulesMs} ms, stack ${t.startMs} ms, analyse ${t.analyseMs} ms, open ${t.openMs} ms, ` +
			`validate ${t.validateMs} ms with the COPY alongside, then load ${t.loadMs} ms = COPY tail ${t.loadMs! - t.finishMs! - t.commitMs!} + checks and rollups ${t.finishMs} + commit ${t.commitMs}; ` +
			`COPY ${t.copyMs} ms in all; triggers ${out.triggersSkipped ? 'skipped, work done set-based' : 'fired'})`
	);
} finally {
	rmSync(dir, { recursive: true, force: true });
	await admin(`drop database if exists ${dbName} with (force)`);
}

const result = { measuredAt: new Date().toISOString(), node: process.version, parsing, cli };
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/import.json', JSON.stringify(result, null, 2) + '\n');
console.log(JSON.stringify(result, null, 2));
