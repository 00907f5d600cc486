import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { analyseImport, validateImport, type ImportMapping, type ResponseRecord } from '#lib/domain/import/index.js';
import { DataError } from '#lib/server/data/errors.js';
import {
	abortImport,
	beginImport,
	commitImport,
	createMissingTouchpoints,
	loadImportTarget,
	stageRecords,
	storedDocumentEditor,
	undoImport,
	writeImport
} from '#lib/server/data/imports.js';
import type { Stack } from '#lib/server/stack/index.js';
import { serviceClient } from '#lib/server/supabase.js';
import { loadState } from '#lib/server/collab/persistence.js';
import { decodeState, readDocument } from '#lib/sync/ydoc.js';
import { engines } from '../support/stacks.js';
import { createUser, type TestUser } from '../support/users.js';
import { createJourneyWithTouchpoints, generateResponsesCsv, startServerStackWithUrl } from '../support/imports.js';

const TOUCHPOINTS = ['Search', 'Checkout', 'Delivery'];
const longMapping: ImportMapping = {
	kind: 'responses',
	format: 'long',
	metric: 'nps',
	columns: { touchpoint: 'touchpoint', score: 'score', comment: 'comment', date: 'date' }
};

async function countFor(service: SupabaseClient, table: string, batchId: string) {
	const { count, error } = await service.from(table).select('*', { count: 'exact', head: true }).eq('import_batch_id', batchId);
	if (error) throw error;
	return count ?? 0;
}

for (const engine of engines) {
	describe(`imports on ${engine.name}`, () => {
		let stack: Stack;
		let service: SupabaseClient;
		let editor: TestUser;
		let viewer: TestUser;
		let workspaceId: string;
		let journeyId: string;

		beforeAll(async () => {
			stack = await engine.start();
			service = serviceClient(stack);
			[editor, viewer] = await Promise.all([createUser(stack, 'importer'), createUser(stack, 'onlooker')]);
			const { data: ws, error } = await editor.client.rpc('create_workspace', { p_name: 'Imports' });
			if (error) throw error;
			workspaceId = ws.id;
			await service.from('workspace_members').insert({ workspace_id: workspaceId, user_id: viewer.id, role: 'viewer' });
			({ journeyId } = await createJourneyWithTouchpoints(service, workspaceId, TOUCHPOINTS));
		});
		afterAll(async () => {
			await stack?.stop();
		});

		test('an editor imports a file: rows, batch counts and rejections are stored', async () => {
			const target = (await loadImportTarget(editor.client, journeyId))!;
			expect(target.touchpoints.map((t) => t.name).sort()).toEqual([...TOUCHPOINTS].sort());
			const csv = generateResponsesCsv(120, TOUCHPOINTS, { bad: [5, 77] });
			const { report, records } = validateImport(csv, longMapping, target);
			expect(report).toMatchObject({ rowsRead: 120, accepted: 118, rejected: 2 });
			const summary = await writeImport(editor.client, target, 'nps.csv', report, records);
			expect(summary).toMatchObject({ status: 'committed', rowsRead: 120, rowsAccepted: 118, rowsRejected: 2, fileName: 'nps.csv' });
			expect(await countFor(service, 'survey_responses', summary.id)).toBe(118);
			const { data: batch } = await service.from('import_batches').select('errors').eq('id', summary.id).single();
			expect(batch!.errors).toEqual([
				{ line: 7, column: 'score', reason: "line 7, column 'score': 11 is outside 0–10 for NPS" },
				{ line: 79, column: 'score', reason: "line 79, column 'score': 11 is outside 0–10 for NPS" }
			]);
			const { data: sample } = await service.from('survey_responses').select('source, comment').eq('import_batch_id', summary.id).not('comment', 'is', null).limit(1).single();
			expect(sample).toEqual({ source: 'import', comment: 'Waited, "too" long 0' });
		});

		test('chunked import is all-or-nothing: a bad row in the last chunk leaves nothing, staged rows are never visible', async () => {
			const target = (await loadImportTarget(editor.client, journeyId))!;
			const { report, records } = validateImport(generateResponsesCsv(12_000, TOUCHPOINTS), longMapping, target);
			const before = (await service.from('survey_responses').select('*', { count: 'exact', head: true })).count;
			const batchId = await beginImport(editor.client, target, 'responses', 'chunks.csv');
			await stageRecords(editor.client, batchId, records.slice(0, 10_000)); // two chunks
			expect(await countFor(service, 'survey_responses', batchId)).toBe(0); // staged: invisible
			const bad: ResponseRecord = { ...(records[0] as ResponseRecord), score: 11 }; // slipped past validation
			await stageRecords(editor.client, batchId, [...records.slice(10_000), bad]);
			await expect(commitImport(editor.client, batchId, report)).rejects.toBeInstanceOf(DataError);
			expect(await countFor(service, 'survey_responses', batchId)).toBe(0);
			expect((await service.from('survey_responses').select('*', { count: 'exact', head: true })).count).toBe(before);
			const { data: batch } = await service.from('import_batches').select('status').eq('id', batchId).single();
			expect(batch!.status).toBe('failed');
			// A failed batch takes no more rows and cannot be committed.
			await expect(commitImport(editor.client, batchId, report)).rejects.toThrow(/failed/);
		});

		test('touchpoints of another journey are refused at commit', async () => {
			const other = await createJourneyWithTouchpoints(service, workspaceId, ['Elsewhere']);
			const target = (await loadImportTarget(editor.client, journeyId))!;
			const record: ResponseRecord = { touchpoint_id: other.touchpoints[0]!.id, metric: 'nps', score: 9, scale_max: 10, comment: null, persona_id: null, channel: null, responded_at: null };
			const batchId = await beginImport(editor.client, target, 'responses', 'stray.csv');
			await stageRecords(editor.client, batchId, [record]);
			await expect(commitImport(editor.client, batchId, { ...validateImport('a,b\n', longMapping, target).report })).rejects.toThrow();
			expect(await countFor(service, 'survey_responses', batchId)).toBe(0);
		});

		test('undo removes the batch and every row it imported', async () => {
			const target = (await loadImportTarget(editor.client, journeyId))!;
			const { report, records } = validateImport(generateResponsesCsv(50, TOUCHPOINTS), longMapping, target);
			const summary = await writeImport(editor.client, target, 'undo.csv', report, records);
			expect(await countFor(service, 'survey_responses', summary.id)).toBe(50);
			await expect(undoImport(viewer.client, summary.id)).rejects.toBeInstanceOf(DataError);
			expect(await undoImport(editor.client, summary.id)).toBe(50);
			expect(await countFor(service, 'survey_responses', summary.id)).toBe(0);
			const { data } = await service.from('import_batches').select('id').eq('id', summary.id);
			expect(data).toEqual([]);
		});

		test('a viewer can neither start, stage, commit nor abort an import', async () => {
			const target = (await loadImportTarget(viewer.client, journeyId))!;
			expect(target).not.toBeNull();
			await expect(beginImport(viewer.client, target, 'responses', 'v.csv')).rejects.toThrow(/permission/);
			const { report, records } = validateImport(generateResponsesCsv(3, TOUCHPOINTS), longMapping, target);
			await expect(writeImport(viewer.client, target, 'v.csv', report, records)).rejects.toThrow(/permission/);
			const one = await viewer.client.rpc('import_records', {
				p_workspace_id: workspaceId, p_journey_id: journeyId, p_kind: 'responses', p_file_name: 'v.csv',
				p_rows: records, p_rows_read: 3, p_rows_rejected: 0, p_errors: []
			});
			expect(one.error?.code).toBe('42501');
			const batchId = await beginImport(editor.client, target, 'responses', 'e.csv');
			await expect(stageRecords(viewer.client, batchId, records)).rejects.toThrow(/permission/);
			await expect(commitImport(viewer.client, batchId, report)).rejects.toThrow(/permission/);
			await abortImport(editor.client, batchId);
		});

		test('feedback and cases import through the same path', async () => {
			const target = (await loadImportTarget(editor.client, journeyId))!;
			const feedbackCsv = 'text;channel;when;stars;touchpoint\n"Late, again";twitter;2026-02-01;1;Delivery\nLovely;email;2026-02-02;5;\n';
			const fb = validateImport(feedbackCsv, { kind: 'feedback', columns: { text: 'text', source: 'channel', date: 'when', rating: 'stars', touchpoint: 'touchpoint' } }, target);
			expect(fb.report).toMatchObject({ accepted: 2, rejected: 0 });
			const fbSummary = await writeImport(editor.client, target, 'fb.csv', fb.report, fb.records);
			const { data: items } = await service.from('feedback').select('body, source, sentiment, journey_id, touchpoint_id').eq('import_batch_id', fbSummary.id).order('body');
			expect(items!.map((i) => [i.body, i.source, i.sentiment, i.journey_id])).toEqual([
				['Late, again', 'social', 'negative', journeyId],
				['Lovely', 'email', 'positive', journeyId]
			]);
			const casesCsv = 'opened,first,resolved,tp\n2026-01-01T10:00:00Z,2026-01-01T10:05:00Z,2026-01-02T10:00:00Z,Checkout\n2026-01-01T10:00:00Z,2026-01-01T09:00:00Z,,Checkout\n';
			const cs = validateImport(casesCsv, { kind: 'cases', columns: { opened: 'opened', firstResponse: 'first', resolved: 'resolved', touchpoint: 'tp' } }, target);
			expect(cs.report).toMatchObject({ accepted: 1, rejected: 1 });
			const csSummary = await writeImport(editor.client, target, 'cases.csv', cs.report, cs.records);
			expect(await countFor(service, 'service_cases', csSummary.id)).toBe(1);
		});

		test('create missing touchpoints adds them to the map and the tables', async () => {
			const { journeyId: fresh } = await createJourneyWithTouchpoints(service, workspaceId, ['Search']);
			const csv = 'tp,score\nSearch,5\nBaggage claim,3\n';
			const mapping: ImportMapping = { kind: 'responses', format: 'long', metric: 'csat', scale: 5, columns: { touchpoint: 'tp', score: 'score' }, createMissingTouchpoints: true };
			const target = (await loadImportTarget(editor.client, fresh))!;
			const analysis = analyseImport(csv, mapping, target);
			expect(analysis.missingTouchpoints.map((m) => m.createAs)).toEqual(['Baggage claim']);
			await expect(createMissingTouchpoints(viewer.client, storedDocumentEditor(service), fresh, ['Nope'])).rejects.toThrow(/permission/);
			const created = await createMissingTouchpoints(editor.client, storedDocumentEditor(service), fresh, ['Baggage claim']);
			const after = (await loadImportTarget(editor.client, fresh))!;
			expect(after.touchpoints.map((t) => t.name).sort()).toEqual(['Baggage claim', 'Search']);
			expect(after.touchpoints.find((t) => t.name === 'Baggage claim')!.id).toBe(created[0]!.id);
			const doc = readDocument(decodeState((await loadState(service, fresh))!));
			expect(doc.touchpoints.map((t) => t.name).sort()).toEqual(['Baggage claim', 'Search']);
			const { report, records } = validateImport(csv, mapping, after);
			expect(report.accepted).toBe(2);
			await writeImport(editor.client, after, 'new.csv', report, records);
		});

		test('the CLI refuses an embedded data folder that is in use', async () => {
			if (stack.mode !== 'embedded') return;
			const dir = mkdtempSync(join(tmpdir(), 'js-cli-'));
			try {
				writeFileSync(join(dir, 'm.json'), JSON.stringify(longMapping));
				writeFileSync(join(dir, 'f.csv'), generateResponsesCsv(5, TOUCHPOINTS));
				const run = spawnSync(process.execPath, ['scripts/import.ts', '--journey', journeyId, '--file', join(dir, 'f.csv'), '--mapping', join(dir, 'm.json')], {
					env: { ...process.env, DATA_DIR: stack.dataDir, DATABASE_URL: '' },
					encoding: 'utf8'
				});
				expect(run.status).toBe(1);
				expect(run.stderr).toMatch(/Refusing to import: the data folder .* is open in a running Journey Studio \(pid \d+\)/);
			} finally {
				rmSync(dir, { recursive: true, force: true });
			}
		});
	});
}

describe.skipIf(!process.env.TEST_DATABASE_URL)('the import CLI with DATABASE_URL', () => {
	let stack: Stack;
	let url: string;
	let dir: string;
	beforeAll(async () => {
		({ stack, url } = await startServerStackWithUrl());
		dir = mkdtempSync(join(tmpdir(), 'js-cli-'));
	});
	afterAll(async () => {
		await stack?.stop();
		rmSync(dir, { recursive: true, force: true });
	});

	test('loads a generated file with COPY, prints the report, and a dry run writes nothing', async () => {
		const service = serviceClient(stack);
		const owner = await createUser(stack, 'cli');
		const { data: ws } = await owner.client.rpc('create_workspace', { p_name: 'CLI' });
		const { journeyId } = await createJourneyWithTouchpoints(service, ws.id, TOUCHPOINTS);
		writeFileSync(join(dir, 'm.json'), JSON.stringify(longMapping));
		writeFileSync(join(dir, 'f.csv'), generateResponsesCsv(20_000, TOUCHPOINTS, { bad: [41] }));
		const run = (...extra: string[]) =>
			spawnSync(process.execPath, ['scripts/import.ts', '--journey', journeyId, '--file', join(dir, 'f.csv'), '--mapping', join(dir, 'm.json'), ...extra], {
				env: { ...process.env, DATABASE_URL: url },
				encoding: 'utf8'
			});
		const dry = run('--dry-run');
		expect(dry.status, dry.stderr).toBe(0);
		expect(dry.stdout).toMatch(/rows read: 20,000; accepted: 19,999 responses; rejected: 1/);
		expect(dry.stdout).toContain("rejected line 43, column 'score': 11 is outside 0–10 for NPS");
		expect((await service.from('import_batches').select('id')).data).toEqual([]);

		const real = run('--json');
		expect(real.status, real.stderr).toBe(0);
		const out = JSON.parse(real.stdout.trim().split('\n').pop()!) as { batchId: string; report: { accepted: number } };
		expect(out.report.accepted).toBe(19_999);
		expect(await countFor(service, 'survey_responses', out.batchId)).toBe(19_999);
		const { data: batch } = await service.from('import_batches').select('status, rows_read, rows_accepted, rows_rejected').eq('id', out.batchId).single();
		expect(batch).toEqual({ status: 'committed', rows_read: 20_000, rows_accepted: 19_999, rows_rejected: 1 });
	});
});
