/**
 * Worker thread of `npm run import` on a Postgres server: holds the import's transaction
 * (src/lib/server/data/import-copy.ts) and feeds the COPY with the text the main thread sends
 * while it validates the file. The main thread runs the validation synchronously; the socket
 * writes happen here, so Postgres inserts rows on the second core meanwhile instead of after.
 *
 * Messages in: open {databaseUrl, target} → opened {opened}; rows {chunk} (transferred bytes);
 * commit {finish} → committed {result}; abort → aborted. Any failure → failed {message}.
 */
import { parentPort } from 'node:worker_threads';
import { CopySession, type CopyFinish, type CopyTarget } from '../src/lib/server/data/import-copy.ts';

export type ToCopyWorker =
	| { type: 'open'; databaseUrl: string; target: CopyTarget }
	| { type: 'rows'; chunk: Uint8Array }
	| { type: 'commit'; finish: CopyFinish }
	| { type: 'abort' };

const port = parentPort!;
let session: CopySession | null = null;

const failed = (error: unknown) => port.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) });

port.on('message', (message: ToCopyWorker) => {
	switch (message.type) {
		case 'open':
			session = new CopySession(message.databaseUrl);
			session.open(message.target).then((opened) => port.postMessage({ type: 'opened', opened }), failed);
			break;
		case 'rows':
			session!.write(message.chunk);
			break;
		case 'commit':
			session!.commit(message.finish).then((result) => port.postMessage({ type: 'committed', result }), failed);
			break;
		case 'abort':
			(session?.abort() ?? Promise.resolve()).then(() => port.postMessage({ type: 'aborted' }), failed);
			break;
	}
});
