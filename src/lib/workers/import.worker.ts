/**
 * Parses an import file off the main thread, so the page stays responsive on large files:
 * reads the File with progress, decodes it, and runs the importer's passes (papaparse reports
 * progress about every 1 MB). Started by ImportWorkerClient in #lib/state/import-worker.ts.
 */
import { analyseImport, previewCsv, validateImport } from '#lib/domain/import/index.js';
import { MAX_BROWSER_FILE_BYTES, chunkRecords, decodeText, sniffFile } from '#lib/domain/import/wizard.js';
import type { WorkerRequest, WorkerResponse } from './import-protocol.js';

let text = '';
let encoding = 'utf-8';
const post = (message: WorkerResponse) => (self as unknown as { postMessage(m: WorkerResponse): void }).postMessage(message);

async function readFile(id: number, file: File): Promise<string> {
	if (file.size > MAX_BROWSER_FILE_BYTES) {
		throw new Error(`“${file.name}” is ${Math.round(file.size / 1048576)} MB; the page reads files up to ${MAX_BROWSER_FILE_BYTES / 1048576} MB. Use the command line import for larger files (docs/import.md).`);
	}
	const reader = file.stream().getReader();
	const parts: Uint8Array[] = [];
	let done = 0;
	for (;;) {
		const next = await reader.read();
		if (next.done) break;
		if (parts.length === 0) {
			const problem = sniffFile(next.value, file.name);
			if (problem) {
				await reader.cancel();
				throw new Error(problem);
			}
		}
		parts.push(next.value);
		done += next.value.length;
		post({ id, type: 'progress', phase: 'read', done, total: file.size, rows: 0 });
	}
	const bytes = new Uint8Array(done);
	let at = 0;
	for (const p of parts) {
		bytes.set(p, at);
		at += p.length;
	}
	const decoded = decodeText(bytes);
	encoding = decoded.encoding;
	return decoded.text;
}

async function handle(request: WorkerRequest): Promise<unknown> {
	const { id } = request;
	switch (request.type) {
		case 'read': {
			text = await readFile(id, request.file);
			return { preview: previewCsv(text), encoding, chars: text.length };
		}
		case 'preview':
			return previewCsv(text, { delimiter: request.delimiter });
		case 'analyse':
			return analyseImport(text, request.mapping, request.context, (p) =>
				post({ id, type: 'progress', phase: 'analyse', done: p.bytesDone, total: p.bytesTotal, rows: p.rowsDone })
			);
		case 'validate': {
			const { report, records } = validateImport(text, request.mapping, request.context, {
				onProgress: (p) => post({ id, type: 'progress', phase: 'validate', done: p.bytesDone, total: p.bytesTotal, rows: p.rowsDone })
			});
			return { report, chunks: chunkRecords(records).map((c) => ({ json: JSON.stringify(c), rows: c.length })) };
		}
	}
}

self.onmessage = async (event: MessageEvent<WorkerRequest>) => {
	const request = event.data;
	try {
		const result = await handle(request);
		post({ id: request.id, type: 'done', result } as WorkerResponse);
	} catch (error) {
		post({ id: request.id, type: 'error', message: error instanceof Error ? error.message : 'The file could not be read.' });
	}
};
