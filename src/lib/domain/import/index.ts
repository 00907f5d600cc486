/**
 * File import (survey responses, feedback, service cases): pure TypeScript for a browser Web
 * Worker and for Node. See docs/import.md for the mapping format and the report.
 */
export * from './types.js';
export { readCsv, previewCsv, detectDelimiter, detectNewline, stripBom, delimiterName, MAX_FIELD_CHARS, type CsvPreview, type CsvReadResult } from './csv.js';
export { parseDate, detectDateOrder, DateOrderDetector, dayMonthParts, type DateOrderEvidence, type DateParse } from './dates.js';
export { dice, normaliseName, suggest, findByNameOrId, humaniseHeader, isUuid, SUGGESTION_THRESHOLD, type Suggestion } from './similarity.js';
export { checkScale, readScore, readMetric, readChannel, readSource, scaleRange, metricLabel, ratingSentiment } from './values.js';
export {
	analyseImport,
	validateImport,
	checkMapping,
	type ImportAnalysis,
	type ImportContext,
	type TouchpointMatch,
	type ValidateOptions,
	type ValidationResult
} from './importer.js';
export { parseMapping } from './mapping.js';
export { formatReport } from './report.js';
