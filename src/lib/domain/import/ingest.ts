/**
 * Items posted to the ingest API (POST /api/ingest/responses and /feedback): checking one item
 * at a time, with the same scale rules and value readers as the file importer. Touchpoints are
 * resolved later, on the server, against the key's workspace.
 */
import { parseDate } from './dates.js';
import { isUuid } from './similarity.js';
import type { FeedbackSource, Metric } from './types.js';
import { checkScale, ratingSentiment, readChannel, readMetric, readScore, readSentiment, readSource, type Sentiment } from './values.js';

export interface TouchpointRef {
	touchpointId: string | null;
	touchpointName: string | null;
	journeyId: string | null;
}

export interface IngestResponse extends TouchpointRef {
	metric: Metric;
	score: number;
	scaleMax: number;
	comment: string | null;
	respondedAt: string | null;
	persona: string | null;
	channel: string | null;
}

export interface IngestFeedback extends TouchpointRef {
	body: string;
	source: FeedbackSource;
	createdAt: string | null;
	sentiment: Sentiment | null;
	sentimentScore: number | null;
	theme: string | null;
	persona: string | null;
}

export type ItemCheck<T> = { ok: true; item: T } | { ok: false; reason: string };

type Raw = Record<string, unknown>;
const str = (v: unknown): string | null => (typeof v === 'string' ? v.trim() || null : typeof v === 'number' ? String(v) : null);

function touchpointRef(raw: Raw, required: boolean): ItemCheck<TouchpointRef> {
	const touchpointId = str(raw.touchpoint_id);
	const touchpointName = str(raw.touchpoint);
	const journeyId = str(raw.journey_id);
	if (touchpointId && !isUuid(touchpointId)) return { ok: false, reason: 'touchpoint_id is not a uuid' };
	if (journeyId && !isUuid(journeyId)) return { ok: false, reason: 'journey_id is not a uuid' };
	if (!touchpointId && touchpointName && !journeyId) return { ok: false, reason: 'a touchpoint given by name needs journey_id' };
	if (required && !touchpointId && !touchpointName) return { ok: false, reason: 'touchpoint_id or touchpoint (name) is required' };
	if (!required && !touchpointId && !touchpointName && !journeyId) return { ok: false, reason: 'touchpoint_id, touchpoint (name) or journey_id is required' };
	return { ok: true, item: { touchpointId, touchpointName, journeyId } };
}

function when(raw: unknown, field: string): ItemCheck<string | null> {
	if (raw === undefined || raw === null || raw === '') return { ok: true, item: null };
	const parsed = parseDate(String(raw), null);
	return parsed.ok ? { ok: true, item: parsed.iso } : { ok: false, reason: `${field}: ${parsed.reason}` };
}

function optionalText(raw: unknown, field: string, max: number): ItemCheck<string | null> {
	if (raw === undefined || raw === null) return { ok: true, item: null };
	if (typeof raw !== 'string') return { ok: false, reason: `${field} must be a string` };
	const value = raw.replace(/\u0000/g, '').trim();
	if (value.length > max) return { ok: false, reason: `${field} is longer than ${max.toLocaleString('en')} characters` };
	return { ok: true, item: value || null };
}

const isObject = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

export function checkResponseItem(input: unknown): ItemCheck<IngestResponse> {
	if (!isObject(input)) return { ok: false, reason: 'not a JSON object' };
	const ref = touchpointRef(input, true);
	if (!ref.ok) return ref;
	const metric = readMetric(String(input.metric ?? ''));
	if (!metric.ok) return { ok: false, reason: `metric: ${metric.reason}` };
	const scaleRaw = input.scale_max;
	if (scaleRaw !== undefined && scaleRaw !== null && (typeof scaleRaw !== 'number' || !Number.isInteger(scaleRaw))) return { ok: false, reason: 'scale_max must be a whole number' };
	const scale = checkScale(metric.value, (scaleRaw as number | null | undefined) ?? undefined);
	if (!scale.ok) return { ok: false, reason: `scale_max: ${scale.reason}` };
	if (typeof input.score !== 'number' && typeof input.score !== 'string') return { ok: false, reason: 'score is required' };
	const score = readScore(String(input.score), metric.value, scale.value);
	if (!score.ok) return { ok: false, reason: `score: ${score.reason}` };
	const comment = optionalText(input.comment, 'comment', 5000);
	if (!comment.ok) return comment;
	const respondedAt = when(input.responded_at, 'responded_at');
	if (!respondedAt.ok) return respondedAt;
	const channelRaw = str(input.channel);
	return {
		ok: true,
		item: {
			...ref.item,
			metric: metric.value,
			score: score.value,
			scaleMax: scale.value,
			comment: comment.item,
			respondedAt: respondedAt.item,
			persona: str(input.persona),
			channel: channelRaw ? readChannel(channelRaw) : null
		}
	};
}

export function checkFeedbackItem(input: unknown): ItemCheck<IngestFeedback> {
	if (!isObject(input)) return { ok: false, reason: 'not a JSON object' };
	const ref = touchpointRef(input, false);
	if (!ref.ok) return ref;
	const body = optionalText(input.text ?? input.body, 'text', 20000);
	if (!body.ok) return body;
	if (!body.item) return { ok: false, reason: 'text is required' };
	const source = readSource(String(input.source ?? ''));
	if (!source.ok) return { ok: false, reason: `source: ${source.reason}` };
	const createdAt = when(input.created_at, 'created_at');
	if (!createdAt.ok) return createdAt;
	const theme = optionalText(input.theme, 'theme', 100);
	if (!theme.ok) return theme;
	let sentiment = typeof input.sentiment === 'string' ? readSentiment(input.sentiment) : null;
	let sentimentScore: number | null = null;
	if (input.rating !== undefined && input.rating !== null) {
		const scale = typeof input.rating_scale === 'number' ? input.rating_scale : 5;
		const r = ratingSentiment(String(input.rating), scale);
		if (!r) return { ok: false, reason: `rating must be a number from 1 to ${scale}` };
		sentiment ??= r.sentiment;
		sentimentScore = r.score;
	}
	return {
		ok: true,
		item: { ...ref.item, body: body.item, source: source.value, createdAt: createdAt.item, sentiment, sentimentScore, theme: theme.item, persona: str(input.persona) }
	};
}
