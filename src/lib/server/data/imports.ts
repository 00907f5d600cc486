import type { SupabaseClient } from '@supabase/supabase-js';
import * as Y from 'yjs';
import { fillSentiment, type SentimentFields } from '#lib/domain/feedback/sentiment.js';
import type { ImportKind, ImportRecord, ImportReport, NamedRef } from '#lib/domain/import/index.js';
import { nextSlotInStage } from '#lib/domain/journey/layout.js';
import { readDocument, roots, touchpointEntity, writeDocument } from '#lib/sync/ydoc.js';
import { documentFromTables, loadState, storeDocument } from '../collab/persistence.js';
import { DataError, denied, raise } from './errors.js';

/**
 * File imports over supabase-js (the UI with the user's client, the CLI with the service
 * client). The validation itself is #lib/domain/import (it runs in the browser); these
 * functions load what it needs and write its result through the SQL functions of
 * supabase/migrations/20261122120100_imports.sql, which keep every import all-or-nothing.
 * The CLI on a Postgres server writes with COPY instead: import-copy.ts and import-copy-lines.ts.
 */

/** Rows per stage_import_rows call: about 1–2 MB of JSON per request. */
export const STAGE_CHUNK_ROWS = 5000;

export interface ImportTarget {
	workspaceId: string;
	journeyId: string;
	journeyName: string;
	/** Live touchpoints of the journey. */
	touchpoints: NamedRef[];
	/** Personas of the workspace (not archived). */
	personas: NamedRef[];
}

/** The journey an import goes into, with what the validation matches against. Null if not visible. */
export async function loadImportTarget(db: SupabaseClient, journeyId: string): Promise<ImportTarget | null> {
	const { data: journey, error } = await db.from('journeys').select('id, name, workspace_id').eq('id', journeyId).maybeSingle();
	if (error?.code === '22P02') return null;
	if (error) raise(error, 'open the journey');
	if (!journey) return null;
	const [touchpoints, personas] = await Promise.all([
		db.from('touchpoints').select('id, name').eq('journey_id', journeyId).is('archived_at', null).order('position'),
		db.from('personas').select('id, name').eq('workspace_id', journey.workspace_id).is('archived_at', null).order('name')
	]);
	if (touchpoints.error) raise(touchpoints.error, 'read the touchpoints');
	if (personas.error) raise(personas.error, 'read the personas');
	return {
		workspaceId: journey.workspace_id as string,
		journeyId,
		journeyName: journey.name as string,
		touchpoints: touchpoints.data as NamedRef[],
		personas: personas.data as NamedRef[]
	};
}

/**
 * Changes a journey's map. The default edits the stored document and stores it back (projected
 * into the tables): right when no one has the journey open. The app passes an editor that goes
 * through the collaboration server instead, so people on the journey receive the change.
 */
export type DocumentEditor = (journeyId: string, edit: (doc: Y.Doc) => void) => Promise<void>;

export function storedDocumentEditor(service: SupabaseClient): DocumentEditor {
	return async (journeyId, edit) => {
		const doc = new Y.Doc();
		const state = await loadState(service, journeyId);
		if (state) Y.applyUpdate(doc, state);
		else writeDocument(doc, await documentFromTables(service, journeyId));
		edit(doc);
		await storeDocument(service, journeyId, doc);
	};
}

/**
 * The editor the app uses: the change goes through the collaboration server's direct connection,
 * so an open canvas receives it live and its next store keeps it (with the stored-document
 * editor, a browser holding the journey open would store its own document over the change and
 * the new touchpoints would be archived). Stored and projected before it resolves.
 */
export function liveDocumentEditor(
	live: { edit(journeyId: string, body: (doc: Y.Doc) => void, context: { userId: string; role: 'owner' | 'editor' | 'viewer' }): Promise<void> },
	userId: string
): DocumentEditor {
	return (journeyId, edit) => live.edit(journeyId, edit, { userId, role: 'editor' });
}

/** Adds touchpoints to a Yjs journey document: into the first stage, below what is there. Returns their ids. */
export function addTouchpointsToDocument(doc: Y.Doc, names: string[]): NamedRef[] {
	const created: NamedRef[] = [];
	const r = roots(doc);
	doc.transact(() => {
		for (const name of names) {
			const plain = readDocument(doc);
			const stageId = plain.stages[0]?.id ?? null;
			const slot = stageId ? nextSlotInStage(plain, stageId) : { x: 0, y: plain.touchpoints.length * 100 };
			const id = crypto.randomUUID();
			r.touchpoints.set(
				id,
				touchpointEntity({ stageId, name: name.slice(0, 200), channel: 'other', description: 'Created by a file import.', owner: '', momentOfTruth: false, personaIds: [], ...slot })
			);
			created.push({ id, name: name.slice(0, 200) });
		}
	});
	return created;
}

/**
 * Creates touchpoints a file names but the journey lacks ("create missing"). `db` proves the
 * caller may edit the journey (a no-op update through RLS); the map itself is changed with the
 * editor (the service role stores documents). Returns the new touchpoints.
 */
export async function createMissingTouchpoints(
	db: SupabaseClient,
	editor: DocumentEditor,
	journeyId: string,
	names: string[]
): Promise<NamedRef[]> {
	if (names.length === 0) return [];
	const { data, error } = await db.from('journeys').update({ archived_at: null }).eq('id', journeyId).is('archived_at', null).select('id');
	if (error) raise(error, 'add touchpoints to the journey');
	if (data.length === 0) denied('add touchpoints to this journey');
	let created: NamedRef[] = [];
	await editor(journeyId, (doc) => {
		created = addTouchpointsToDocument(doc, names);
	});
	return created;
}

export interface ImportSummary {
	id: string;
	fileName: string;
	kind: ImportKind;
	status: 'pending' | 'committed' | 'failed';
	rowsRead: number;
	rowsAccepted: number;
	rowsRejected: number;
	createdAt: string;
}

const toSummary = (b: Record<string, unknown>): ImportSummary => ({
	id: b.id as string,
	fileName: b.file_name as string,
	kind: b.kind as ImportKind,
	status: b.status as ImportSummary['status'],
	rowsRead: b.rows_read as number,
	rowsAccepted: b.rows_accepted as number,
	rowsRejected: b.rows_rejected as number,
	createdAt: b.created_at as string
});

/** What the batch keeps of the report: the rejections with line, column and reason. */
export const errorsOf = (report: ImportReport) => report.rejections.map((r) => ({ line: r.line, ...(r.column ? { column: r.column } : {}), reason: r.reason }));

export async function beginImport(db: SupabaseClient, target: { workspaceId: string; journeyId: string }, kind: ImportKind, fileName: string): Promise<string> {
	const { data, error } = await db.rpc('begin_import', {
		p_workspace_id: target.workspaceId,
		p_journey_id: target.journeyId,
		p_kind: kind,
		p_file_name: fileName
	});
	if (error) raise(error, 'start the import');
	return data as string;
}

/**
 * Sentiment on every feedback item and survey comment of an import (issue 5 §7): what the file
 * brought (a sentiment or rating column) is kept, otherwise it is computed from the text
 * (#lib/domain/feedback/sentiment.ts). Here, on the server, not in the validation: the
 * validation also runs in the browser and the lexicons stay out of its bundle. Cases pass
 * through unchanged.
 */
export function withSentiment(records: ImportRecord[]): ImportRecord[] {
	// Wide files repeat one respondent's comment on each of their answers: score it once.
	let lastText: string | null = null;
	let last: SentimentFields = { sentiment: null, sentiment_score: null };
	const scored = (given: Partial<SentimentFields>, text: string | null) => {
		if (given.sentiment != null || given.sentiment_score != null) return fillSentiment(given, text);
		if (text !== lastText) [lastText, last] = [text, fillSentiment({}, text)];
		return last;
	};
	return records.map((record) => {
		if ('body' in record) return { ...record, ...scored(record, record.body) };
		if ('metric' in record) return { ...record, ...scored(record as Partial<SentimentFields>, record.comment) };
		return record;
	});
}

/** Sends accepted records to a pending batch, STAGE_CHUNK_ROWS per request (sentiment filled in, see withSentiment). */
export async function stageRecords(db: SupabaseClient, batchId: string, records: ImportRecord[]): Promise<void> {
	for (let i = 0; i < records.length; i += STAGE_CHUNK_ROWS) {
		const { error } = await db.rpc('stage_import_rows', { p_batch_id: batchId, p_rows: withSentiment(records.slice(i, i + STAGE_CHUNK_ROWS)) });
		if (error) raise(error, 'send the import rows');
	}
}

/** Makes every staged row visible at once. On failure nothing was written; the batch is aborted with the reason. */
export async function commitImport(db: SupabaseClient, batchId: string, report: ImportReport): Promise<ImportSummary> {
	const { data, error } = await db.rpc('commit_import', {
		p_batch_id: batchId,
		p_rows_read: report.rowsRead,
		p_rows_rejected: report.rejected,
		p_errors: errorsOf(report)
	});
	if (error) {
		await abortImport(db, batchId, error.message).catch(() => undefined);
		// A touchpoint deleted since the file was checked: the person can act on that.
		if (error.code === '23503') throw new DataError(`Nothing was imported: ${error.message}. Check the file again.`);
		raise(error, 'commit the import');
	}
	return toSummary(data as Record<string, unknown>);
}

export async function abortImport(db: SupabaseClient, batchId: string, reason?: string): Promise<void> {
	const { error } = await db.rpc('abort_import', { p_batch_id: batchId, p_reason: reason ?? null });
	if (error) raise(error, 'abandon the import');
}

/**
 * The whole write of an import: begin, stage in chunks, commit. All-or-nothing: when any step
 * fails the batch is aborted and no row is visible.
 */
export async function writeImport(
	db: SupabaseClient,
	target: { workspaceId: string; journeyId: string },
	fileName: string,
	report: ImportReport,
	records: ImportRecord[]
): Promise<ImportSummary> {
	const batchId = await beginImport(db, target, report.kind, fileName);
	try {
		await stageRecords(db, batchId, records);
	} catch (error) {
		await abortImport(db, batchId, error instanceof Error ? error.message : String(error)).catch(() => undefined);
		throw error;
	}
	return commitImport(db, batchId, report);
}

/** Deletes an import and every row it brought. Returns the number of rows removed. */
export async function undoImport(db: SupabaseClient, batchId: string): Promise<number> {
	const { data, error } = await db.rpc('undo_import', { p_batch_id: batchId });
	if (error) raise(error, 'undo the import');
	return data as number;
}

/** Imports of a workspace, newest first. */
export async function listImports(db: SupabaseClient, workspaceId: string, limit = 50): Promise<ImportSummary[]> {
	const { data, error } = await db
		.from('import_batches')
		.select('id, file_name, kind, status, rows_read, rows_accepted, rows_rejected, created_at')
		.eq('workspace_id', workspaceId)
		.order('created_at', { ascending: false })
		.limit(limit);
	if (error) raise(error, 'list the imports');
	return (data as Record<string, unknown>[]).map(toSummary);
}

export interface JourneyImport extends ImportSummary {
	/** Who ran it (display name or email); null for the CLI and the ingest API. */
	author: string | null;
}

/** Imports into one journey, newest first, with who ran them. */
export async function listJourneyImports(db: SupabaseClient, journeyId: string, limit = 100): Promise<JourneyImport[]> {
	const { data, error } = await db
		.from('import_batches')
		.select('id, file_name, kind, status, rows_read, rows_accepted, rows_rejected, created_at, created_by')
		.eq('journey_id', journeyId)
		.order('created_at', { ascending: false })
		.limit(limit);
	if (error) raise(error, 'list the imports');
	const rows = data as (Record<string, unknown> & { created_by: string | null })[];
	const ids = [...new Set(rows.map((r) => r.created_by).filter((id): id is string => !!id))];
	const names = new Map<string, string>();
	if (ids.length > 0) {
		const people = await db.from('profiles').select('id, display_name, email').in('id', ids);
		if (people.error) raise(people.error, 'list the imports');
		for (const p of people.data) names.set(p.id as string, (p.display_name as string) || (p.email as string));
	}
	return rows.map((r) => ({ ...toSummary(r), author: r.created_by ? (names.get(r.created_by) ?? 'Former member') : null }));
}
