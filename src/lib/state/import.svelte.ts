import { commitChunks, undoBatch } from '#lib/data/imports.js';
import type { CsvPreview, ImportAnalysis, ImportKind, ImportReport, NamedRef, TouchpointMatch } from '#lib/domain/import/index.js';
import { buildMapping, guessColumns, guessWideColumns, type MappingChoices, type Role } from '#lib/domain/import/wizard.js';
import type { RecordChunk, WorkerPhase } from '#lib/workers/import-protocol.js';
import { ImportWorkerClient } from './import-worker.js';

export type ImportStep = 'file' | 'columns' | 'touchpoints' | 'report' | 'done';
export const CREATE = '__create__';
/** A suggestion at least this close is preselected (still shown, and changeable). */
const PRESELECT = 0.8;

interface Journey {
	id: string;
	workspaceId: string;
}

const PHASE_LABEL: Record<WorkerPhase | 'commit', string> = {
	read: 'Reading the file',
	analyse: 'Checking columns and touchpoints',
	validate: 'Validating every row',
	commit: 'Importing'
};

const blankChoices = (kind: ImportKind): MappingChoices => ({
	kind,
	format: 'long',
	columns: {},
	wideColumns: [],
	metric: '',
	scale: null,
	notApplicable: 'N/A',
	dateOrder: '',
	touchpoints: {},
	source: '',
	delimiter: 'auto'
});

/**
 * The import page: one file through the steps file → columns → touchpoints → report → done.
 * Parsing runs in a Web Worker (ImportWorkerClient); this class keeps what the steps show and
 * decide. Writes go through the app's API (#lib/data/imports.ts); created touchpoints through
 * the collaboration server, so they appear on the live map.
 */
export class ImportState {
	step = $state<ImportStep>('file');
	kind = $state<ImportKind>('responses');
	busy = $state(false);
	error = $state('');
	/** Last finished action worth announcing (an undo). */
	notice = $state('');
	progress = $state<{ label: string; done: number; total: number; rows: number } | null>(null);

	fileName = $state('');
	encoding = $state('');
	preview = $state.raw<CsvPreview | null>(null);
	choices = $state<MappingChoices>(blankChoices('responses'));
	analysis = $state.raw<ImportAnalysis | null>(null);
	/** Per unmatched file value: a touchpoint id, CREATE, or '' (reject those rows). */
	decisions = $state<Record<string, string>>({});
	report = $state.raw<ImportReport | null>(null);
	private chunks: RecordChunk[] = [];
	result = $state.raw<{ id: string; rowsAccepted: number; created: number } | null>(null);
	touchpoints = $state.raw<NamedRef[]>([]);
	private created = 0;
	private worker: ImportWorkerClient | null = null;

	constructor(
		private readonly journey: Journey,
		touchpoints: NamedRef[],
		private readonly personas: NamedRef[],
		/** Reloads the page data (the history) after a commit or an undo. */
		private readonly refresh: () => Promise<void>
	) {
		this.touchpoints = touchpoints;
	}

	readonly dateProblem = $derived(this.analysis?.problems.find((p) => p.code === 'ambiguous-dates') ?? null);
	readonly fatalProblems = $derived(this.analysis?.problems.filter((p) => p.code !== 'ambiguous-dates') ?? []);
	readonly unmatched = $derived<TouchpointMatch[]>(this.analysis?.missingTouchpoints ?? []);

	private get client() {
		this.worker ??= new ImportWorkerClient();
		return this.worker;
	}

	private track = (phase: WorkerPhase, done: number, total: number, rows: number) => {
		this.progress = { label: PHASE_LABEL[phase], done, total, rows };
	};

	private async task(body: () => Promise<void>) {
		this.busy = true;
		this.error = '';
		this.notice = '';
		try {
			await body();
		} catch (error) {
			this.error = error instanceof Error ? error.message : 'That did not work.';
		} finally {
			this.busy = false;
		}
	}

	setKind(kind: ImportKind) {
		this.kind = kind;
		this.choices = { ...blankChoices(kind), delimiter: this.choices.delimiter };
		if (this.preview) this.guess();
	}

	private guess() {
		const headers = this.preview?.headers ?? [];
		this.choices.columns = guessColumns(this.kind, headers, this.choices.format === 'wide');
		this.choices.wideColumns =
			this.choices.format === 'wide' ? guessWideColumns(headers, this.preview?.rows ?? [], Object.values(this.choices.columns).filter((v): v is string => !!v)) : [];
	}

	setFormat(format: 'long' | 'wide') {
		this.choices.format = format;
		if (format === 'wide' && !this.choices.metric) this.choices.metric = 'nps';
		this.guess();
	}

	setColumn(role: Role, header: string) {
		if (header) this.choices.columns[role] = header;
		else delete this.choices.columns[role];
	}

	chooseFile(file: File) {
		return this.task(async () => {
			this.reset(false);
			this.fileName = file.name;
			this.progress = { label: PHASE_LABEL.read, done: 0, total: file.size, rows: 0 };
			const read = await this.client.read(file, this.track);
			this.encoding = read.encoding;
			this.preview = read.preview;
			if (read.preview.problems.length > 0) throw new Error(read.preview.problems.map((p) => p.message).join(' '));
			this.guess();
			this.step = 'columns';
		});
	}

	setDelimiter(delimiter: MappingChoices['delimiter']) {
		this.choices.delimiter = delimiter;
		return this.task(async () => {
			this.preview = await this.client.preview(delimiter);
			this.guess();
		});
	}

	private context() {
		return { touchpoints: $state.snapshot(this.touchpoints) as NamedRef[], personas: this.personas, dateOrder: this.analysis?.dates.order ?? null };
	}

	/** Columns chosen: checks them against the file and matches the touchpoint names. */
	analyse() {
		return this.task(async () => {
			const mapping = buildMapping($state.snapshot(this.choices) as MappingChoices);
			const analysis = await this.client.analyse(mapping, this.context(), this.track);
			this.analysis = analysis;
			if (analysis.problems.some((p) => p.code !== 'ambiguous-dates')) return;
			const decisions: Record<string, string> = {};
			for (const m of analysis.missingTouchpoints) {
				const best = m.suggestions[0];
				decisions[m.value] = this.decisions[m.value] ?? (best && best.score >= PRESELECT ? best.id : '');
			}
			this.decisions = decisions;
			this.step = 'touchpoints';
		});
	}

	/** Creates the touchpoints chosen for creation, then validates every row into the report. */
	validate() {
		return this.task(async () => {
			if (this.dateProblem && !this.choices.dateOrder) throw new Error('Choose how to read dates like ' + (this.analysis?.dates.example ?? '03/04/2026') + ' first.');
			const toCreate = Object.entries(this.decisions).filter(([, d]) => d === CREATE).map(([value]) => value);
			const names = new Map(this.unmatched.map((m) => [m.value, m.createAs]));
			if (toCreate.length > 0) {
				const response = await fetch(`/api/journeys/${this.journey.id}/touchpoints`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ names: toCreate.map((v) => names.get(v) ?? v) })
				});
				const body = (await response.json().catch(() => ({}))) as { message?: string; created?: NamedRef[]; touchpoints?: NamedRef[] };
				if (!response.ok) throw new Error(body.message ?? `Could not create the touchpoints (the server answered ${response.status}).`);
				this.touchpoints = body.touchpoints ?? this.touchpoints;
				this.created += body.created?.length ?? 0;
				for (const value of toCreate) {
					const made = body.created?.find((c) => c.name === (names.get(value) ?? value).trim().slice(0, 200));
					if (made) this.decisions[value] = made.id;
				}
			}
			const chosen = Object.fromEntries(Object.entries(this.decisions).filter(([, d]) => d && d !== CREATE));
			this.choices.touchpoints = chosen;
			const mapping = buildMapping($state.snapshot(this.choices) as MappingChoices);
			const { report, chunks } = await this.client.validate(mapping, this.context(), this.track);
			this.report = report;
			this.chunks = chunks;
			this.step = 'report';
		});
	}

	/** All-or-nothing: begin, one request per chunk, commit (abort on any failure). */
	commit() {
		const report = this.report;
		if (!report) return Promise.resolve();
		return this.task(async () => {
			const total = report.accepted;
			this.progress = { label: PHASE_LABEL.commit, done: 0, total, rows: 0 };
			const batch = await commitChunks(this.journey.id, this.fileName, report, this.chunks, (p) => {
				this.progress = { label: `${PHASE_LABEL.commit} (request ${p.chunk} of ${p.chunks})`, done: p.rowsSent, total: p.rowsTotal, rows: p.rowsSent };
			});
			this.result = { ...batch, created: this.created };
			this.step = 'done';
			await this.refresh();
		});
	}

	/** Deletes an import and its rows (after the page's confirmation). */
	undo(batchId: string) {
		return this.task(async () => {
			const removed = await undoBatch(batchId);
			this.notice = `Import undone: ${removed.toLocaleString()} row${removed === 1 ? '' : 's'} deleted.`;
			if (this.result?.id === batchId) this.reset();
			await this.refresh();
		});
	}

	back(step: ImportStep) {
		this.error = '';
		this.step = step;
	}

	reset(all = true) {
		this.step = 'file';
		this.error = '';
		this.progress = null;
		this.preview = null;
		this.analysis = null;
		this.report = null;
		this.chunks = [];
		this.decisions = {};
		this.created = 0;
		this.choices = { ...blankChoices(this.kind), delimiter: 'auto' };
		if (all) {
			this.result = null;
			this.fileName = '';
		}
	}

	destroy() {
		this.worker?.destroy();
		this.worker = null;
	}
}
