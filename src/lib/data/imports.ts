import type { ImportKind, ImportReport } from '#lib/domain/import/index.js';
import type { RecordChunk } from '#lib/workers/import-protocol.js';

/**
 * File imports from the browser through the app's API (src/routes/api/imports): begin → one
 * request per chunk of rows → commit, abort on any failure; undo. The server runs the SQL
 * functions of supabase/migrations/20261122120100_imports.sql as the signed-in user (owners
 * and editors only) and fills in sentiment, exactly as for the CLI.
 */

/** A JSON request; `body` is sent as is when it already is JSON text. */
async function call<T>(url: string, method: string, body?: unknown): Promise<T> {
	let response: Response;
	try {
		const text = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
		response = await fetch(url, { method, headers: { 'content-type': 'application/json' }, body: text });
	} catch {
		throw new Error('The server could not be reached. Check the connection and try again.');
	}
	const answer = (await response.json().catch(() => ({}))) as { message?: string };
	if (!response.ok) throw new Error(answer.message ?? `The server answered ${response.status}.`);
	return answer as T;
}

export interface CommitProgress {
	rowsSent: number;
	rowsTotal: number;
	chunk: number;
	chunks: number;
}

export interface CommittedBatch {
	id: string;
	rowsAccepted: number;
}

/**
 * Writes an import all-or-nothing: begin, one request per chunk, commit. When any step fails
 * the batch is aborted (its staged rows dropped) and the error rethrown: nothing partial lands.
 */
export async function commitChunks(
	journeyId: string,
	fileName: string,
	report: ImportReport,
	chunks: RecordChunk[],
	onProgress: (p: CommitProgress) => void
): Promise<CommittedBatch> {
	const { id } = await call<{ id: string }>('/api/imports', 'POST', { journeyId, kind: report.kind satisfies ImportKind, fileName });
	const rowsTotal = chunks.reduce((n, c) => n + c.rows, 0);
	let rowsSent = 0;
	try {
		for (const [i, chunk] of chunks.entries()) {
			await call(`/api/imports/${id}/rows`, 'POST', chunk.json);
			rowsSent += chunk.rows;
			onProgress({ rowsSent, rowsTotal, chunk: i + 1, chunks: chunks.length });
		}
		return await call<CommittedBatch>(`/api/imports/${id}/commit`, 'POST', { rowsRead: report.rowsRead, rejected: report.rejected, rejections: report.rejections });
	} catch (error) {
		const reason = error instanceof Error ? error.message : String(error);
		await call(`/api/imports/${id}/abort`, 'POST', { reason }).catch(() => undefined);
		throw new Error(`Nothing was imported: ${reason}`);
	}
}

/** Deletes an import and every row it brought; returns how many rows went. */
export async function undoBatch(batchId: string): Promise<number> {
	return (await call<{ removed: number }>(`/api/imports/${batchId}`, 'DELETE')).removed;
}
