/**
 * `npm run import -- --journey <id> --file <path> --mapping <mapping.json> [--kind responses|feedback|cases] [--dry-run] [--json]`
 *
 * Imports a CSV file into a journey with the same importer as the app (#lib/domain/import) and
 * prints the same report. Uses the app's environment: DATA_DIR (embedded: refuses while the app
 * has that data folder open), DATABASE_URL (Postgres server: COPYs in one transaction, from a
 * worker thread while this one validates: import-copy-client.ts), or PUBLIC_SUPABASE_URL +
 * SUPABASE_SERVICE_ROLE_KEY (hosted). It acts with the
 * service role, like `npm run seed`: whoever runs it already holds the database.
 * Exit codes: 0 imported (or dry run done), 1 failure, 2 the file or mapping cannot be imported.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { runnerImport } from 'vite';
import { startCopy, type CopyClient } from './import-copy-client.ts';

type Domain = typeof import('../src/lib/domain/import/index.ts');
type StackModule = typeof import('../src/lib/server/stack/index.ts');
type LockModule = typeof import('../src/lib/server/stack/lock.ts');
type SupabaseModule = typeof import('../src/lib/server/supabase.ts');
type ImportsModule = typeof import('../src/lib/server/data/imports.ts');
type CopyLinesModule = typeof import('../src/lib/server/data/import-copy-lines.ts');
type CopyBinaryModule = typeof import('../src/lib/server/data/import-copy-binary.ts');
type ImportRecords = ReturnType<Domain['validateImport']>['records'];

const usage =
	'usage: npm run import -- --journey <id> --file <path.csv> --mapping <mapping.json> [--kind responses|feedback|cases] [--dry-run] [--json]';

function fail(message: string, code = 1): never {
	console.error(message);
	process.exit(code);
}

let args: ReturnType<typeof parse>;
function parse() {
	return parseArgs({
		options: {
			journey: { type: 'string' },
			file: { type: 'string' },
			mapping: { type: 'string' },
			kind: { type: 'string' },
			'dry-run': { type: 'boolean', default: false },
			json: { type: 'boolean', default: false },
			help: { type: 'boolean', default: false }
		},
		strict: true
	});
}
try {
	args = parse();
} catch (error) {
	fail(`${error instanceof Error ? error.message : String(error)}\n${usage}`, 2);
}
const { values } = args;
if (values.help) {
	console.log(usage);
	process.exit(0);
}
if (!values.journey || !values.file || !values.mapping) fail(usage, 2);

const load = async <T>(path: string) => (await runnerImport<T>(path, { logLevel: 'error' })).module;
const [domain, stackModule, lockModule, supabase, imports, copyLines, copyBinary] = await Promise.all([
	load<Domain>('/src/lib/domain/import/index.ts'),
	load<StackModule>('/src/lib/server/stack/index.ts'),
	load<LockModule>('/src/lib/server/stack/lock.ts'),
	load<SupabaseModule>('/src/lib/server/supabase.ts'),
	load<ImportsModule>('/src/lib/server/data/imports.ts'),
	load<CopyLinesModule>('/src/lib/server/data/import-copy-lines.ts'),
	load<CopyBinaryModule>('/src/lib/server/data/import-copy-binary.ts')
]);

const log = values.json ? (_: string) => undefined : (line: string) => console.log(line);
const progress = (p: { phase: string; bytesDone: number; bytesTotal: number; rowsDone: number }) => {
	if (values.json || !process.stderr.isTTY) return;
	process.stderr.write(`\r${p.phase}: ${Math.round((100 * p.bytesDone) / Math.max(1, p.bytesTotal))}% (${p.rowsDone.toLocaleString('en')} rows)   `);
	if (p.bytesDone >= p.bytesTotal) process.stderr.write('\n');
};

let mapping: ReturnType<Domain['parseMapping']>;
let text: string;
try {
	const raw = JSON.parse(readFileSync(values.mapping, 'utf8')) as Record<string, unknown>;
	if (values.kind) raw.kind = values.kind;
	mapping = domain.parseMapping(raw);
	text = readFileSync(values.file, 'utf8');
} catch (error) {
	fail(error instanceof Error ? error.message : String(error), 2);
}

const config = stackModule.configFromEnv(process.env);
// From the process start to here: Node, Vite's module runner and the app's modules, the file read.
const timings: Record<string, number> = { modulesMs: Math.round(performance.now()) };
const time = async <T>(name: string, body: () => T | Promise<T>): Promise<T> => {
	const started = performance.now();
	try {
		return await body();
	} finally {
		timings[name] = Math.round(performance.now() - started);
	}
};

let stack: Awaited<ReturnType<StackModule['startStack']>>;
try {
	stack = await time('startMs', () => stackModule.startStack({ ...config, log: () => undefined }));
} catch (error) {
	// Compared by name: the module runner may load lock.ts more than once (one class per load).
	if (error instanceof lockModule.DataDirLockedError || (error as Error)?.name === 'DataDirLockedError') {
		const locked = error as InstanceType<LockModule['DataDirLockedError']>;
		fail(
			`Refusing to import: the data folder ${locked.dataDir} is open in a running Journey Studio (pid ${locked.holderPid}).\n` +
				`Stop the app first, or import through the app, or run against a Postgres server with DATABASE_URL.`
		);
	}
	fail(`Could not open the database: ${error instanceof Error ? error.message : String(error)}`);
}

let exitCode = 0;
let copy: CopyClient | null = null;
try {
	const service = supabase.serviceClient(stack);
	const target = await imports.loadImportTarget(service, values.journey);
	if (!target) fail(`No journey ${values.journey} in this database.`, 2);
	log(`Importing ${basename(values.file)} (${mapping.kind}) into "${target.journeyName}" (${config.mode} mode)${values['dry-run'] ? ' — dry run' : ''}`);
	// On a Postgres server the transaction opens (in the worker) while the file is analysed here.
	const bulk = config.mode === 'postgres' && !values['dry-run'];
	if (bulk) copy = startCopy(config.databaseUrl!, { workspaceId: target.workspaceId, journeyId: target.journeyId, kind: mapping.kind, fileName: basename(values.file) });

	const analysis = await time('analyseMs', () => domain.analyseImport(text, mapping, target, progress));
	if (analysis.problems.length > 0) {
		for (const p of analysis.problems) console.error(`error: ${p.message}`);
		if (values.json) console.log(JSON.stringify({ problems: analysis.problems }));
		exitCode = 2;
	} else {
		const missing = analysis.missingTouchpoints;
		if (missing.length > 0 && mapping.createMissingTouchpoints) {
			const names = [...new Set(missing.map((m) => m.createAs))];
			if (values['dry-run']) {
				log(`would create ${names.length} touchpoints: ${names.join(', ')}`);
				target.touchpoints.push(...names.map((name) => ({ id: crypto.randomUUID(), name })));
			} else {
				const created = await imports.createMissingTouchpoints(service, imports.storedDocumentEditor(service), target.journeyId, names);
				log(`created ${created.length} touchpoints: ${created.map((c) => c.name).join(', ')}`);
				target.touchpoints.push(...created);
			}
		} else {
			for (const m of missing) {
				const hint = m.suggestions.length > 0 ? `; did you mean ${m.suggestions.map((s) => `'${s.name}'`).join(' or ')}?` : '';
				log(`unknown touchpoint '${m.value}' (${m.column ? `column '${m.column}'` : `${m.rows} rows`})${hint}`);
			}
		}

		const context = { ...target, dateOrder: analysis.dates.order };
		// Bulk: records become COPY data batch by batch and go to the worker at once (no record kept).
		const opened = copy ? await time('openMs', () => copy!.opened) : null;
		const toCopy = ((): ((records: ImportRecords) => Uint8Array | string) | null => {
			if (!opened) return null;
			if (mapping.kind !== 'responses') {
				return copyLines.copyLineWriter({ kind: mapping.kind, workspaceId: target.workspaceId, journeyId: target.journeyId, batchId: opened.batchId, now: opened.startedAt });
			}
			const rows = copyBinary.copyBinaryWriter({ workspaceId: target.workspaceId, batchId: opened.batchId, nowMicros: opened.startedMicros });
			return (records) => rows(records as Parameters<typeof rows>[0]);
		})();
		let records: ImportRecords = [];
		const { report } = await time('validateMs', () => {
			const result = domain.validateImport(text, mapping, context, {
				onProgress: progress,
				// 50,000 responses a batch: large enough for touchpointOrder to pay off (import-copy-binary.ts).
				...(toCopy ? { onRecords: (batch) => copy!.send(toCopy(batch)), batchSize: mapping.kind === 'responses' ? 50_000 : 5_000 } : {})
			});
			records = result.records;
			return result;
		});
		log(domain.formatReport(report));
		let batchId: string | null = null;
		let triggersSkipped: boolean | undefined;
		if (report.problems.length > 0) exitCode = 2;
		else if (values['dry-run']) log('dry run: nothing was written.');
		else if (report.accepted === 0) {
			log('nothing to import.');
			exitCode = 2;
		} else if (copy) {
			const result = await time('loadMs', () =>
				copy!.commit({ rowsRead: report.rowsRead, rowsRejected: report.rejected, accepted: report.accepted, errors: imports.errorsOf(report) })
			);
			copy = null;
			timings.copyMs = Math.round(result.copyMs);
			timings.finishMs = Math.round(result.finishMs);
			timings.commitMs = Math.round(result.commitMs);
			batchId = result.batchId;
			triggersSkipped = result.triggersSkipped;
			log(
				`committed import ${result.batchId}: ${result.rowsAccepted.toLocaleString('en')} rows (COPY ${timings.copyMs} ms alongside the validation, ` +
					`then checks and rollups ${timings.finishMs} ms${result.triggersSkipped ? ', set-based' : ', by the triggers'}, commit ${timings.commitMs} ms)`
			);
		} else {
			const summary = await time('loadMs', () => imports.writeImport(service, target, basename(values.file!), report, records));
			batchId = summary.id;
			log(`committed import ${summary.id}: ${summary.rowsAccepted.toLocaleString('en')} rows`);
		}
		// From the process start: module loading and the stack included.
		timings.totalMs = Math.round(performance.now());
		if (values.json) console.log(JSON.stringify({ batchId, report: { ...report, rejections: report.rejections.slice(0, 100) }, timings, mode: config.mode, ...(triggersSkipped === undefined ? {} : { triggersSkipped }) }));
		else log(`time: ${Object.entries(timings).map(([k, v]) => `${k.replace(/Ms$/, '')} ${v} ms`).join(', ')}`);
	}
} catch (error) {
	console.error(`Import failed: ${error instanceof Error ? error.message : String(error)}`);
	exitCode = 1;
} finally {
	// Anything but a commit rolls the bulk transaction back.
	await (copy as CopyClient | null)?.abort();
	await stack.stop();
}
process.exit(exitCode);
