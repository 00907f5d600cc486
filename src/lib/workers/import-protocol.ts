/**
 * Messages between the import page and its Web Worker (import.worker.ts). The worker holds the
 * file's text; the page sends the mapping and gets back the preview, the analysis and the
 * report with the accepted records cut into request-sized chunks.
 */
import type { CsvPreview, ImportAnalysis, ImportContext, ImportMapping, ImportReport } from '#lib/domain/import/index.js';

export type WorkerRequest =
	| { id: number; type: 'read'; file: File }
	| { id: number; type: 'preview'; delimiter: CsvPreview['delimiter'] | 'auto' }
	| { id: number; type: 'analyse'; mapping: ImportMapping; context: ImportContext }
	| { id: number; type: 'validate'; mapping: ImportMapping; context: ImportContext };

export interface ReadResult {
	preview: CsvPreview;
	encoding: string;
	/** Size of the decoded text in characters. */
	chars: number;
}

/** Accepted records as request bodies: JSON text, so the page neither copies nor re-serialises 1M objects. */
export interface RecordChunk {
	json: string;
	rows: number;
}

export interface ValidateResult {
	report: ImportReport;
	chunks: RecordChunk[];
}

export type WorkerPhase = 'read' | 'analyse' | 'validate';

export type WorkerResponse =
	| { id: number; type: 'progress'; phase: WorkerPhase; done: number; total: number; rows: number }
	| { id: number; type: 'done'; result: ReadResult | CsvPreview | ImportAnalysis | ValidateResult }
	| { id: number; type: 'error'; message: string };
