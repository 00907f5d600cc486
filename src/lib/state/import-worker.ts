import type { CsvPreview, ImportAnalysis, ImportContext, ImportMapping } from '#lib/domain/import/index.js';
import type { ReadResult, ValidateResult, WorkerPhase, WorkerRequest, WorkerResponse } from '#lib/workers/import-protocol.js';

export type ProgressListener = (phase: WorkerPhase, done: number, total: number, rows: number) => void;

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void; onProgress: ProgressListener };
type WithoutId = WorkerRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;

/** Promise-based calls to the import Web Worker (one per import page). */
export class ImportWorkerClient {
	private worker: Worker;
	private nextId = 1;
	private pending = new Map<number, Pending>();

	constructor() {
		this.worker = new Worker(new URL('../workers/import.worker.ts', import.meta.url), { type: 'module' });
		this.worker.onmessage = (event: MessageEvent<WorkerResponse>) => {
			const message = event.data;
			const call = this.pending.get(message.id);
			if (!call) return;
			if (message.type === 'progress') return call.onProgress(message.phase, message.done, message.total, message.rows);
			this.pending.delete(message.id);
			if (message.type === 'done') call.resolve(message.result);
			else call.reject(new Error(message.message));
		};
		this.worker.onerror = (event) => {
			event.preventDefault();
			for (const call of this.pending.values()) call.reject(new Error('The file reader stopped unexpectedly. Reload the page and try again.'));
			this.pending.clear();
		};
	}

	private call<R>(request: WithoutId, onProgress: ProgressListener): Promise<R> {
		const id = this.nextId++;
		return new Promise<R>((resolve, reject) => {
			this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, onProgress });
			this.worker.postMessage({ ...request, id } satisfies WorkerRequest);
		});
	}

	read = (file: File, onProgress: ProgressListener) => this.call<ReadResult>({ type: 'read', file }, onProgress);
	preview = (delimiter: CsvPreview['delimiter'] | 'auto') => this.call<CsvPreview>({ type: 'preview', delimiter }, () => undefined);
	analyse = (mapping: ImportMapping, context: ImportContext, onProgress: ProgressListener) => this.call<ImportAnalysis>({ type: 'analyse', mapping, context }, onProgress);
	validate = (mapping: ImportMapping, context: ImportContext, onProgress: ProgressListener) => this.call<ValidateResult>({ type: 'validate', mapping, context }, onProgress);

	destroy() {
		this.worker.terminate();
		this.pending.clear();
	}
}
