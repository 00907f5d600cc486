/**
 * The query of GET /api/touchpoints/<id>/themes: the touchpoint panel's shared filters
 * (period, persona, channel) plus the feedback source and how many themes. Checked here so a
 * bad value is a 400 with a message, never a database error.
 */
import { z } from 'zod';
import { isUuid } from '../import/similarity.js';
import { FEEDBACK_SOURCES, type FeedbackSource } from '../import/types.js';

export interface ThemeFilters {
	/** Inclusive start, exclusive end (ISO timestamps). */
	from: string | null;
	to: string | null;
	personaId: string | null;
	/** Survey channel of the panel: feedback has none, so a channel filter leaves no feedback (as in touchpoint_metrics). */
	channel: string | null;
	source: FeedbackSource | null;
	limit: number;
}

export const THEME_LIMIT_MAX = 50;

const instant = (field: string) =>
	z
		.string()
		.refine((v) => !Number.isNaN(Date.parse(v)), `${field} is not a date (use ISO 8601, e.g. 2026-03-01 or 2026-03-01T00:00:00Z)`)
		.transform((v) => new Date(Date.parse(v)).toISOString());

const Query = z
	.strictObject({
		from: instant('from').optional(),
		to: instant('to').optional(),
		persona: z.string().refine(isUuid, 'persona is not a persona id').optional(),
		channel: z.string().min(1).max(20).optional(),
		source: z.enum(FEEDBACK_SOURCES as [FeedbackSource, ...FeedbackSource[]], { error: `source is one of ${FEEDBACK_SOURCES.join(', ')}` }).optional(),
		limit: z.coerce
			.number({ error: 'limit is a number' })
			.int('limit is a whole number')
			.min(1, 'limit is at least 1')
			.max(THEME_LIMIT_MAX, `limit is at most ${THEME_LIMIT_MAX}`)
			.optional()
	})
	.refine((q) => !q.from || !q.to || q.from < q.to, 'from must be before to');

export type ParsedThemeQuery = { ok: true; filters: ThemeFilters } | { ok: false; message: string };

export function parseThemeQuery(params: URLSearchParams): ParsedThemeQuery {
	const raw: Record<string, string> = {};
	for (const [key, value] of params) {
		if (key in raw) return { ok: false, message: `${key} is given twice` };
		raw[key] = value;
	}
	const parsed = Query.safeParse(raw);
	if (!parsed.success) {
		const issue = parsed.error.issues[0]!;
		const message = issue.code === 'unrecognized_keys' ? `unknown parameter ${issue.keys.join(', ')} (from, to, persona, channel, source, limit)` : issue.message;
		return { ok: false, message };
	}
	const q = parsed.data;
	return {
		ok: true,
		filters: { from: q.from ?? null, to: q.to ?? null, personaId: q.persona ?? null, channel: q.channel ?? null, source: q.source ?? null, limit: q.limit ?? 10 }
	};
}
