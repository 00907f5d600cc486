/**
 * The bulk write of an import on a Postgres server (the CLI with DATABASE_URL): ONE transaction
 * on one connection that runs private.begin_copy_import, COPYs the accepted records straight
 * into their evidence table while the file is still being validated, and ends with
 * private.finish_copy_import and COMMIT (supabase/migrations/20261202110000_import_speed.sql).
 * Any failure, or `abort()`, rolls everything back: nothing of the file is ever visible.
 *
 * It runs in a worker thread (scripts/import-copy-worker.ts) so COPY data flows to Postgres while
 * the main thread is busy validating; hence no runtime import of the app's modules here (Node
 * loads this file directly, without Vite): only pg and pg-copy-streams.
 */
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { ImportKind } from '#lib/domain/import/index.js';

/**
 * Columns of the COPY, in the order import-copy-binary.ts (responses) and import-copy-lines.ts
 * (feedback, cases) write them, the constant ones first.
 */
export const COPY_COLUMNS: Record<ImportKind, string[]> = {
	responses: ['workspace_id', 'import_batch_id', 'source', 'touchpoint_id', 'metric', 'score', 'scale_max', 'comment', 'persona_id', 'channel', 'responded_at', 'sentiment', 'sentiment_score'],
	feedback: ['workspace_id', 'import_batch_id', 'journey_id', 'touchpoint_id', 'source', 'body', 'sentiment', 'sentiment_score', 'theme', 'persona_id', 'created_at'],
	cases: ['workspace_id', 'import_batch_id', 'touchpoint_id', 'channel', 'category', 'opened_at', 'first_response_at', 'resolved_at']
};
const COPY_TABLE: Record<ImportKind, string> = { responses: 'public.survey_responses', feedback: 'public.feedback', cases: 'public.service_cases' };
/** Responses, the bulk of any large import, go in binary: cheaper for Postgres to read. */
export const COPY_BINARY: Record<ImportKind, boolean> = { responses: true, feedback: false, cases: false };
const BINARY_HEADER = new Uint8Array([0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00, 0, 0, 0, 0, 0, 0, 0, 0]);
const BINARY_TRAILER = new Uint8Array([0xff, 0xff]);

export interface CopyTarget {
	workspaceId: string;
	journeyId: string;
	kind: ImportKind;
	fileName: string;
}

export interface CopyOpened {
	batchId: string;
	/** The transaction's now() as ISO text: what commit_import puts in place of a missing date. */
	startedAt: string;
	/** The same instant in microseconds since the Unix epoch (decimal text), for binary rows. */
	startedMicros: string;
	/** True when the per-row triggers are off during the COPY and finish_copy_import does their work. */
	triggersSkipped: boolean;
}

export interface CopyFinish {
	rowsRead: number;
	rowsRejected: number;
	/** Records sent; the COPY must have inserted exactly these. */
	accepted: number;
	errors: unknown[];
}

export interface CopyCommitted {
	batchId: string;
	rowsAccepted: number;
	/** Milliseconds: COPY from its start to the server's last row, finish_copy_import, COMMIT. */
	copyMs: number;
	finishMs: number;
	commitMs: number;
	triggersSkipped: boolean;
}

export class CopySession {
	readonly #client: pg.Client;
	#sink: Writable | null = null;
	#failure: Error | null = null;
	#copyStarted = 0;
	#opened: CopyOpened | null = null;
	#binary = false;

	constructor(databaseUrl: string) {
		this.#client = new pg.Client({ connectionString: databaseUrl });
	}

	async open(target: CopyTarget): Promise<CopyOpened> {
		await this.#client.connect();
		await this.#client.query('begin');
		// One round trip: acts as the service role (the CLI holds the database), like the rest of it.
		await this.#client.query(`select set_config('request.jwt.claims', '{"role":"service_role"}', true)`);
		const { rows } = await this.#client.query<{ batch_id: string; triggers_skipped: boolean; started_at: string; started_micros: string }>(
			`select batch_id, triggers_skipped, to_json(started_at)#>>'{}' as started_at,
			        (extract(epoch from started_at) * 1000000)::bigint::text as started_micros
			 from private.begin_copy_import($1, $2, $3, $4)`,
			[target.workspaceId, target.journeyId, target.kind, target.fileName]
		);
		const row = rows[0]!;
		this.#opened = { batchId: row.batch_id, startedAt: row.started_at, startedMicros: row.started_micros, triggersSkipped: row.triggers_skipped };
		this.#binary = COPY_BINARY[target.kind];
		this.#copyStarted = performance.now();
		const sink = this.#client.query(
			copyFrom(`copy ${COPY_TABLE[target.kind]} (${COPY_COLUMNS[target.kind].join(', ')}) from stdin${this.#binary ? ' with (format binary)' : ''}`)
		);
		sink.on('error', (error: Error) => (this.#failure ??= error));
		this.#sink = sink;
		if (this.#binary) sink.write(BINARY_HEADER);
		return this.#opened;
	}

	/** Queues COPY data (whole lines or rows). Never blocks: Node buffers what the socket has not taken yet. */
	write(chunk: Uint8Array): void {
		if (!this.#failure) this.#sink!.write(chunk);
	}

	/** Ends the COPY, checks and commits. Rolls back and throws on any failure. */
	async commit(finish: CopyFinish): Promise<CopyCommitted> {
		const opened = this.#opened!;
		const sink = this.#sink!;
		try {
			if (this.#failure) throw this.#failure;
			if (this.#binary) sink.write(BINARY_TRAILER);
			sink.end();
			await finished(sink);
			const copied = (sink as unknown as { rowCount: number }).rowCount;
			const copyEnd = performance.now();
			if (copied !== finish.accepted) throw new Error(`COPY inserted ${copied} rows, ${finish.accepted} were sent`);
			const done = await this.#client.query<{ rows_accepted: number }>('select (private.finish_copy_import($1, $2, $3, $4)).rows_accepted', [
				opened.batchId,
				finish.rowsRead,
				finish.rowsRejected,
				JSON.stringify(finish.errors)
			]);
			const finishEnd = performance.now();
			await this.#client.query('commit');
			return {
				batchId: opened.batchId,
				rowsAccepted: done.rows[0]!.rows_accepted,
				copyMs: copyEnd - this.#copyStarted,
				finishMs: finishEnd - copyEnd,
				commitMs: performance.now() - finishEnd,
				triggersSkipped: opened.triggersSkipped
			};
		} catch (error) {
			await this.abort();
			throw this.#failure ?? error;
		}
	}

	/** Rolls everything back (the batch row too) and closes the connection. */
	async abort(): Promise<void> {
		try {
			if (this.#sink && !this.#sink.writableEnded) {
				// A COPY in progress ends with an error, which aborts the transaction.
				this.#sink.destroy(new Error('import abandoned'));
				await finished(this.#sink).catch(() => undefined);
			}
			await this.#client.query('rollback').catch(() => undefined);
		} finally {
			await this.close();
		}
	}

	async close(): Promise<void> {
		await this.#client.end().catch(() => undefined);
	}
}
