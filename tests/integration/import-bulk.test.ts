/**
 * The CLI's bulk path on a Postgres server (scripts/import.ts with DATABASE_URL,
 * supabase/migrations/20261202110000_import_speed.sql): COPY straight into the evidence table,
 * the per-row triggers off for responses and their work done set-based at the end. What it
 * leaves must be exactly what the app's path (stage + commit_import, triggers on) leaves: the
 * same rows, the same rollups, the same touchpoint_metrics, and an undo that takes it all back.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SupabaseClient } from '@supabase/supabase-js';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { analyseImport, validateImport, type ImportMapping, type ResponseRecord } from '#lib/domain/import/index.js';
import { CopySession } from '#lib/server/data/import-copy.js';
import { copyBinaryWriter } from '#lib/server/data/import-copy-binary.js';
import { loadImportTarget, undoImport, writeImport, type ImportTarget } from '#lib/server/data/imports.js';
import type { Stack } from '#lib/server/stack/index.js';
import { serviceClient } from '#lib/server/supabase.js';
import { createUser } from '../support/users.js';
import { createJourneyWithTouchpoints, startServerStackWithUrl } from '../support/imports.js';

const TOUCHPOINTS = ['Search', 'Checkout', 'Delivery', 'Returns'];
const mapping: ImportMapping = {
	kind: 'responses',
	format: 'long',
	scale: 5,
	columns: { touchpoint: 'touchpoint', metric: 'metric', score: 'score', comment: 'comment', date: 'date', persona: 'persona', channel: 'channel' }
};

/** Every metric, persona and channel (and none), times across months and days, two bad rows. */
function responsesCsv(rows: number): string {
	const metrics = [
		['nps', 11, 0],
		['csat', 5, 1],
		['ces', 7, 1]
	] as const;
	const lines = ['touchpoint,metric,score,comment,date,persona,channel'];
	for (let i = 0; i < rows; i++) {
		const [metric, span, low] = metrics[i % 3]!;
		const score = i === 17 ? 99 : low + ((i * 7) % span);
		const comment = i % 5 === 0 ? ['"Great, quick"', 'awful wait', 'ok I guess', '"Not good,\nnot bad"'][i % 4] : '';
		const date = i === 23 ? 'yesterday' : `2026-${String(1 + (i % 7)).padStart(2, '0')}-${String(1 + (i % 27)).padStart(2, '0')}T${String(i % 24).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00Z`;
		lines.push([TOUCHPOINTS[i % 4], metric, score, comment, date, ['Ann', 'Bo', ''][i % 3], ['web', 'app', '', 'phone'][i % 4]].join(','));
	}
	return lines.join('\n') + '\n';
}

describe.skipIf(!process.env.TEST_DATABASE_URL)('the CLI bulk import on a Postgres server', () => {
	let stack: Stack;
	let url: string;
	let dir: string;
	let service: SupabaseClient;
	let db: pg.Client;
	let journeyId: string;
	let workspaceId: string;
	const csv = responsesCsv(3000);

	const rollups = async () =>
		(
			await db.query(`select workspace_id, touchpoint_id, span, grain, day::text, metric, scale_max, persona_id, channel, n,
				c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10 from private.response_rollups order by 1, 2, 3, 4, 5, 6, 7, 8, 9`)
		).rows;
	/** What the trigger's SQL makes of every answer in the table, from scratch. */
	const recomputed = async () => {
		const { rows } = await db.query<{ sql: string }>(`select private.rollup_delta_sql('public.survey_responses', 1) as sql`);
		return (await db.query(`select workspace_id, touchpoint_id, span, grain, day::text, metric, scale_max, persona_id, channel, n,
				c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10 from (${rows[0]!.sql}) d order by 1, 2, 3, 4, 5, 6, 7, 8, 9`)).rows;
	};
	const answers = async (batchId: string) =>
		(
			await db.query(
				`select touchpoint_id, metric, score, scale_max, comment, persona_id, channel, responded_at, sentiment, sentiment_score, source, survey_id, workspace_id
				 from public.survey_responses where import_batch_id = $1 order by 1, 2, 3, 4, 5, 6, 7, 8`,
				[batchId]
			)
		).rows;
	const metrics = async () => {
		const personas = (await service.from('personas').select('id').eq('workspace_id', workspaceId)).data!.map((p) => p.id as string);
		const out: unknown[] = [];
		for (const filters of [{}, { p_persona_id: personas[0] }, { p_channel: 'web' }, { p_from: '2026-02-10T06:00:00Z', p_to: '2026-05-03T00:00:00Z' }]) {
			const { data, error } = await service.rpc('touchpoint_metrics', { p_journey_id: journeyId, ...filters });
			if (error) throw new Error(error.message);
			out.push(data);
		}
		return out;
	};
	const cli = (file: string, mappingFile: string) => {
		const run = spawnSync(process.execPath, ['scripts/import.ts', '--journey', journeyId, '--file', file, '--mapping', mappingFile, '--json'], {
			env: { ...process.env, DATABASE_URL: url },
			encoding: 'utf8'
		});
		expect(run.status, run.stderr).toBe(0);
		return JSON.parse(run.stdout.trim().split('\n').pop()!) as { batchId: string; triggersSkipped?: boolean; report: { accepted: number; rejected: number } };
	};
	const target = async () => (await loadImportTarget(service, journeyId)) as ImportTarget;
	/** The app's path: validate, stage, commit_import (triggers on). */
	const appImport = async (text: string, m: ImportMapping) => {
		const t = await target();
		const analysis = analyseImport(text, m, t);
		const { report, records } = validateImport(text, m, { ...t, dateOrder: analysis.dates.order });
		return writeImport(service, t, 'app.csv', report, records);
	};

	beforeAll(async () => {
		({ stack, url } = await startServerStackWithUrl());
		service = serviceClient(stack);
		db = new pg.Client({ connectionString: url });
		await db.connect();
		dir = mkdtempSync(join(tmpdir(), 'js-bulk-'));
		const owner = await createUser(stack, 'bulk');
		const { data: ws, error } = await owner.client.rpc('create_workspace', { p_name: 'Bulk' });
		if (error) throw error;
		workspaceId = ws.id;
		await service.from('workspaces').update({ metric_min_n: 5 }).eq('id', workspaceId);
		await service.from('personas').insert([{ workspace_id: workspaceId, name: 'Ann' }, { workspace_id: workspaceId, name: 'Bo' }]);
		({ journeyId } = await createJourneyWithTouchpoints(service, workspaceId, TOUCHPOINTS));
		writeFileSync(join(dir, 'r.csv'), csv);
		writeFileSync(join(dir, 'r.json'), JSON.stringify(mapping));
	});
	afterAll(async () => {
		await db?.end();
		await stack?.stop();
		rmSync(dir, { recursive: true, force: true });
	});

	test('rows, rollups and touchpoint_metrics equal those of the app path; undo takes the rollups back', async () => {
		const app = await appImport(csv, mapping);
		expect(app.rowsAccepted).toBe(2998);
		const [appRollups, appMetrics, appAnswers] = [await rollups(), await metrics(), await answers(app.id)];
		expect(appRollups.length).toBeGreaterThan(100);
		expect(await undoImport(service, app.id)).toBe(2998);
		expect(await rollups()).toEqual([]);

		const out = cli(join(dir, 'r.csv'), join(dir, 'r.json'));
		expect(out.triggersSkipped).toBe(true);
		expect(out.report).toMatchObject({ accepted: 2998, rejected: 2 });
		expect(await answers(out.batchId)).toEqual(appAnswers);
		expect(await rollups()).toEqual(appRollups);
		expect(await rollups()).toEqual(await recomputed());
		expect(await metrics()).toEqual(appMetrics);
		const { data: batch } = await service.from('import_batches').select('status, rows_read, rows_accepted, rows_rejected, errors').eq('id', out.batchId).single();
		expect(batch).toMatchObject({ status: 'committed', rows_read: 3000, rows_accepted: 2998, rows_rejected: 2 });
		expect((batch!.errors as unknown[]).length).toBe(2);

		// A later app import adds to the bulk one's rollups, as triggers do.
		const again = await appImport(csv, mapping);
		expect(await rollups()).toEqual(await recomputed());
		await undoImport(service, again.id);
		expect(await rollups()).toEqual(appRollups);
		expect(await undoImport(service, out.batchId)).toBe(2998);
		expect(await rollups()).toEqual([]);
		expect((await db.query(`select current_setting('session_replication_role') as r`)).rows[0].r).toBe('origin');
	});

	test('with a trigger the bulk path does not know, the triggers run during the COPY: same rollups', async () => {
		await db.query(`create function public.bulk_test_noop() returns trigger language plpgsql as $$ begin return null; end $$`);
		await db.query(`create trigger bulk_test_noop after insert on public.survey_responses for each statement execute function public.bulk_test_noop()`);
		try {
			const app = await appImport(csv, mapping);
			const appRollups = await rollups();
			await undoImport(service, app.id);
			const out = cli(join(dir, 'r.csv'), join(dir, 'r.json'));
			expect(out.triggersSkipped).toBe(false);
			expect(await rollups()).toEqual(appRollups);
			await undoImport(service, out.batchId);
		} finally {
			await db.query(`drop trigger bulk_test_noop on public.survey_responses; drop function public.bulk_test_noop()`);
		}
	});

	test('a row of another journey or another batch rolls the whole import back', async () => {
		const t = await target();
		const other = await createJourneyWithTouchpoints(service, workspaceId, ['Elsewhere']);
		const record: ResponseRecord = { touchpoint_id: t.touchpoints[0]!.id, metric: 'nps', score: 9, scale_max: 10, comment: null, persona_id: null, channel: null, responded_at: '2026-03-01T00:00:00.000Z' };
		const cases: { fileName: string; stray: (batchId: string) => [string, ResponseRecord]; error: RegExp }[] = [
			{ fileName: 'stray-touchpoint.csv', stray: (batchId) => [batchId, { ...record, touchpoint_id: other.touchpoints[0]!.id }], error: /not part of the journey/ },
			{ fileName: 'stray-batch.csv', stray: () => [crypto.randomUUID(), record], error: /belong to batch|violates foreign key/ }
		];
		for (const { fileName, stray, error } of cases) {
			const session = new CopySession(url);
			const opened = await session.open({ workspaceId, journeyId, kind: 'responses', fileName });
			expect(opened.triggersSkipped).toBe(true);
			const rows = (batchId: string) => copyBinaryWriter({ workspaceId, batchId, nowMicros: opened.startedMicros });
			const [strayBatch, strayRecord] = stray(opened.batchId);
			session.write(rows(opened.batchId)([record, record]));
			session.write(rows(strayBatch)([strayRecord]));
			await expect(session.commit({ rowsRead: 3, rowsRejected: 0, accepted: 3, errors: [] })).rejects.toThrow(error);
			expect((await service.from('import_batches').select('id').eq('file_name', fileName)).data).toEqual([]);
		}
		expect((await db.query('select count(*)::int as n from public.survey_responses')).rows[0].n).toBe(0);
		expect(await rollups()).toEqual([]);
	});

	test('feedback and cases through COPY store what the app path stores', async () => {
		const feedback: ImportMapping = { kind: 'feedback', source: 'email', columns: { text: 'text', touchpoint: 'touchpoint', date: 'date', rating: 'stars' } };
		const cases: ImportMapping = { kind: 'cases', columns: { opened: 'opened', resolved: 'resolved', touchpoint: 'touchpoint', channel: 'channel', category: 'category' } };
		const files = {
			feedback: 'text,touchpoint,date,stars\n"Lost my bag, awful",Delivery,2026-03-02,\nLovely crew,Search,,5\n"Tab\tand ""quotes""",,2026-03-04T10:00:00+02:00,\n',
			cases: 'opened,resolved,touchpoint,channel,category\n2026-03-01T10:00:00Z,2026-03-02T10:00:00Z,Returns,email,Refund\n2026-03-05,,Search,chat,\n'
		};
		const columns = {
			feedback: 'touchpoint_id, journey_id, source, body, sentiment, sentiment_score, theme, persona_id, created_at, workspace_id',
			cases: 'touchpoint_id, channel, category, opened_at, first_response_at, resolved_at, workspace_id'
		};
		for (const [kind, m] of [['feedback', feedback], ['cases', cases]] as const) {
			const table = kind === 'feedback' ? 'public.feedback' : 'public.service_cases';
			// Missing dates become the transaction's now() on both paths: compared apart.
			const rows = async (batchId: string) =>
				(await db.query(`select ${columns[kind]} from ${table} where import_batch_id = $1 order by 1, 2, 3, 4`, [batchId])).rows.map((r) =>
					'created_at' in r && r.body === 'Lovely crew' ? { ...r, created_at: 'now' } : r
				);
			writeFileSync(join(dir, `${kind}.csv`), files[kind]);
			writeFileSync(join(dir, `${kind}.json`), JSON.stringify(m));
			const app = await appImport(files[kind], m);
			const out = cli(join(dir, `${kind}.csv`), join(dir, `${kind}.json`));
			expect(out.triggersSkipped).toBe(false);
			expect(await rows(out.batchId)).toEqual(await rows(app.id));
			expect((await rows(out.batchId)).length).toBe(kind === 'feedback' ? 3 : 2);
		}
	});
});
