/**
 * Checking a mapping that came from outside (mapping.json of the CLI, a form, a worker
 * message). The shape is documented in docs/import.md.
 */
import { z } from 'zod';
import type { ImportMapping } from './types.js';

const column = z.string().min(1).max(200).optional();
const metric = z.enum(['nps', 'csat', 'ces']);
const base = {
	delimiter: z.enum([',', ';', '\t', '|', 'auto']).optional(),
	dateOrder: z.enum(['dmy', 'mdy']).optional(),
	touchpoint: z.string().min(1).max(200).optional(),
	touchpoints: z.record(z.string(), z.string()).optional(),
	createMissingTouchpoints: z.boolean().optional()
};
const scale = z.number().int().optional();
const notApplicable = z.array(z.string()).max(50).optional();

const longResponses = z.strictObject({
	kind: z.literal('responses'),
	format: z.literal('long').default('long'),
	columns: z.strictObject({ touchpoint: column, metric: column, score: column, scale: column, comment: column, date: column, persona: column, channel: column }),
	metric: metric.optional(),
	scale,
	notApplicable,
	...base
});
const wideResponses = z.strictObject({
	kind: z.literal('responses'),
	format: z.literal('wide'),
	columns: z.strictObject({ comment: column, date: column, persona: column, channel: column }).default({}),
	touchpointColumns: z.record(z.string(), z.string()),
	metric,
	scale,
	notApplicable,
	...base
});
const feedback = z.strictObject({
	kind: z.literal('feedback'),
	columns: z.strictObject({ touchpoint: column, text: column, source: column, date: column, persona: column, theme: column, rating: column, sentiment: column }),
	source: z.enum(['email', 'call', 'chat', 'review', 'social', 'survey']).optional(),
	ratingScale: z.number().int().min(2).max(100).optional(),
	...base
});
const cases = z.strictObject({
	kind: z.literal('cases'),
	columns: z.strictObject({
		touchpoint: column,
		opened: column,
		firstResponse: column,
		resolved: column,
		firstResponseMinutes: column,
		resolutionHours: column,
		channel: column,
		category: column
	}),
	...base
});

/** A checked mapping, or an Error whose message lists what is wrong (path: problem). */
export function parseMapping(input: unknown): ImportMapping {
	const kind = (input as { kind?: unknown } | null)?.kind;
	const format = (input as { format?: unknown } | null)?.format;
	const schema = kind === 'feedback' ? feedback : kind === 'cases' ? cases : format === 'wide' ? wideResponses : longResponses;
	const parsed = schema.safeParse(input);
	if (!parsed.success) {
		const lines = parsed.error.issues.map((i) => `${i.path.join('.') || '(mapping)'}: ${i.message}`);
		throw new Error(`The mapping is not valid:\n  ${lines.join('\n  ')}`);
	}
	return parsed.data as ImportMapping;
}
