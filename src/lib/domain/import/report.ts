import { delimiterName } from './csv.js';
import type { ImportReport } from './types.js';

/** The report as text (CLI output; the UI shows the same facts). */
export function formatReport(report: ImportReport, options: { maxRejections?: number } = {}): string {
	const out: string[] = [];
	for (const p of report.problems) out.push(`error: ${p.message}`);
	const unit = report.kind === 'responses' ? 'responses' : report.kind === 'feedback' ? 'feedback items' : 'cases';
	out.push(
		`rows read: ${report.rowsRead.toLocaleString('en')}; accepted: ${report.accepted.toLocaleString('en')} ${unit}; ` +
			`rejected: ${report.rejected.toLocaleString('en')}; skipped as not applicable: ${report.skipped.toLocaleString('en')} ` +
			`(delimiter: ${delimiterName(report.delimiter)}${report.dateOrder ? `, dates ${report.dateOrder === 'dmy' ? 'day/month' : 'month/day'}` : ''})`
	);
	for (const w of report.warnings) out.push(`warning: ${w}`);
	const max = options.maxRejections ?? 50;
	for (const r of report.rejections.slice(0, max)) out.push(`rejected ${r.reason}`);
	if (report.rejected > Math.min(max, report.rejections.length)) out.push(`… and ${(report.rejected - Math.min(max, report.rejections.length)).toLocaleString('en')} more rejections`);
	return out.join('\n');
}
