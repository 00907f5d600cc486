/**
 * The main thread's side of scripts/import-copy-worker.ts: opens the import's transaction in the
 * worker, hands it COPY data without waiting (text is encoded here; the bytes are transferred,
 * not copied: each chunk must own its ArrayBuffer), and commits or aborts at the end.
 */
import { Worker } from 'node:worker_threads';
import type { CopyCommitted, CopyFinish, CopyOpened, CopyTarget } from '../src/lib/server/data/import-copy.ts';
import type { ToCopyWorker } from './import-copy-worker.ts';

type FromCopyWorker =
	| { type: 'opened'; opened: CopyOpened }
	| { type: 'committed'; result: CopyCommitted }
	| { type: 'aborted' }
	| { type: 'failed'; message: string };

export interface CopyClient {
	/** Resolves once the transaction is open and the COPY has started. */
	opened: Promise<CopyOpened>;
	/** COPY data: text lines (encoded here) or binary rows. Either way its bytes move, not copied. */
	send(data: string | Uint8Array): void;
	commit(finish: CopyFinish): Promise<CopyCommitted>;
	abort(): Promise<void>;
}

export function startCopy(databaseUrl: string, target: CopyTarget): CopyClient {
	const worker = new Worker(new URL('./import-copy-worker.ts', import.meta.url));
	const post = (message: ToCopyWorker, transfer?: ArrayBuffer[]) => worker.postMessage(message, transfer);
	const encoder = new TextEncoder();
	// Each request waits for its one answer; a failure answers whichever is waiting.
	let waiting: { resolve: (m: FromCopyWorker) => void; reject: (e: Error) => void } | null = null;
	let failure: Error | null = null;
	const next = () =>
		new Promise<FromCopyWorker>((resolve, reject) => {
			if (failure) reject(failure);
			else waiting = { resolve, reject };
		});
	worker.on('message', (message: FromCopyWorker) => {
		const w = waiting;
		waiting = null;
		if (message.type === 'failed') {
			failure ??= new Error(message.message);
			w?.reject(failure);
		} else w?.resolve(message);
	});
	worker.on('error', (error) => {
		failure ??= error;
		waiting?.reject(error);
	});
	const stop = () => worker.terminate().then(() => undefined);

	const opened = next().then((m) => (m as Extract<FromCopyWorker, { type: 'opened' }>).opened);
	opened.catch(() => undefined); // awaited by the caller; this only keeps an early failure from being "unhandled"
	post({ type: 'open', databaseUrl, target });
	return {
		opened,
		send(data) {
			const chunk = typeof data === 'string' ? encoder.encode(data) : data;
			post({ type: 'rows', chunk }, [chunk.buffer as ArrayBuffer]);
		},
		async commit(finish) {
			const answer = next();
			post({ type: 'commit', finish });
			try {
				return ((await answer) as Extract<FromCopyWorker, { type: 'committed' }>).result;
			} finally {
				await stop();
			}
		},
		async abort() {
			const answer = next();
			post({ type: 'abort' });
			try {
				await answer;
			} catch {
				// Rolled back either way: the connection closes with the worker.
			} finally {
				await stop();
			}
		}
	};
}
