/**
 * Reading single values: scores on a metric's scale, metric and channel names, feedback
 * sources and sentiments. Every function returns a value or a reason a person can act on.
 */
import { CHANNELS, type Channel } from '../channels.js';
import type { FeedbackSource, Metric } from './types.js';

export type Read<T> = { ok: true; value: T } | { ok: false; reason: string };

const METRIC_LABEL: Record<Metric, string> = { nps: 'NPS', csat: 'CSAT', ces: 'CES' };
export const metricLabel = (m: Metric) => METRIC_LABEL[m];

/** Lowest and highest score of a metric's scale (DESIGN.md §4): NPS 0–10, CSAT 1–5 or 1–7, CES 1–7. */
export function scaleRange(metric: Metric, scaleMax: number): [number, number] {
	return metric === 'nps' ? [0, 10] : [1, scaleMax];
}

/** The scale_max a metric allows: NPS 10; CSAT 5 or 7; CES 7. */
export function checkScale(metric: Metric, scaleMax: number | undefined): Read<number> {
	if (metric === 'nps') return scaleMax === undefined || scaleMax === 10 ? { ok: true, value: 10 } : { ok: false, reason: `NPS is answered on 0–10, not 1–${scaleMax}` };
	if (metric === 'ces') return scaleMax === undefined || scaleMax === 7 ? { ok: true, value: 7 } : { ok: false, reason: `CES is answered on 1–7, not 1–${scaleMax}` };
	if (scaleMax === 5 || scaleMax === 7) return { ok: true, value: scaleMax };
	return { ok: false, reason: scaleMax === undefined ? 'CSAT needs its scale: 5 (1–5) or 7 (1–7)' : `CSAT is answered on 1–5 or 1–7, not 1–${scaleMax}` };
}

const INTEGER = /^[+-]?\d+(?:[.,]0+)?$/;

/** A whole-number score inside the metric's scale. */
export function readScore(raw: string, metric: Metric, scaleMax: number): Read<number> {
	const value = raw.trim();
	if (!INTEGER.test(value)) {
		return { ok: false, reason: /^[+-]?\d+[.,]\d+$/.test(value) ? `${value} is not a whole number` : `"${value.slice(0, 40)}" is not a score` };
	}
	const score = Number.parseInt(value, 10);
	const [low, high] = scaleRange(metric, scaleMax);
	if (score < low || score > high) return { ok: false, reason: `${score} is outside ${low}–${high} for ${metricLabel(metric)}` };
	return { ok: true, value: score };
}

const METRIC_NAMES: Record<string, Metric> = {
	nps: 'nps',
	'net promoter': 'nps',
	'net promoter score': 'nps',
	csat: 'csat',
	satisfaction: 'csat',
	'customer satisfaction': 'csat',
	ces: 'ces',
	effort: 'ces',
	'customer effort': 'ces',
	'customer effort score': 'ces'
};

export function readMetric(raw: string): Read<Metric> {
	const key = raw.trim().toLowerCase().replace(/[_-]+/g, ' ');
	const metric = METRIC_NAMES[key];
	return metric ? { ok: true, value: metric } : { ok: false, reason: `"${raw.trim().slice(0, 40)}" is not a metric (nps, csat or ces)` };
}

const CHANNEL_NAMES: Record<string, Channel> = {
	website: 'web',
	online: 'web',
	internet: 'web',
	mobile: 'app',
	'mobile app': 'app',
	'e mail': 'email',
	mail: 'email',
	call: 'phone',
	telephone: 'phone',
	ivr: 'phone',
	'call center': 'phone',
	'call centre': 'phone',
	shop: 'store',
	'in store': 'store',
	branch: 'store',
	'live chat': 'chat',
	messenger: 'chat',
	whatsapp: 'chat',
	twitter: 'social',
	facebook: 'social',
	instagram: 'social'
};

/** A touchpoint channel (web, app, email, phone, store, chat, social, other) or a common synonym; null if unknown. */
export function readChannel(raw: string): Channel | null {
	const key = raw.trim().toLowerCase().replace(/[_-]+/g, ' ');
	if ((CHANNELS as readonly string[]).includes(key)) return key as Channel;
	return CHANNEL_NAMES[key] ?? null;
}

const SOURCE_NAMES: Record<string, FeedbackSource> = {
	email: 'email',
	'e mail': 'email',
	mail: 'email',
	call: 'call',
	phone: 'call',
	voice: 'call',
	chat: 'chat',
	'live chat': 'chat',
	messenger: 'chat',
	review: 'review',
	reviews: 'review',
	'app store': 'review',
	trustpilot: 'review',
	social: 'social',
	twitter: 'social',
	tweet: 'social',
	facebook: 'social',
	instagram: 'social',
	x: 'social',
	survey: 'survey',
	form: 'survey'
};

export function readSource(raw: string): Read<FeedbackSource> {
	const key = raw.trim().toLowerCase().replace(/[_-]+/g, ' ');
	const source = SOURCE_NAMES[key];
	return source
		? { ok: true, value: source }
		: { ok: false, reason: `"${raw.trim().slice(0, 40)}" is not a feedback source (email, call, chat, review, social or survey)` };
}

export type Sentiment = 'positive' | 'neutral' | 'negative';
const SENTIMENTS: Record<string, Sentiment> = {
	positive: 'positive',
	pos: 'positive',
	neutral: 'neutral',
	neu: 'neutral',
	negative: 'negative',
	neg: 'negative'
};
export const readSentiment = (raw: string): Sentiment | null => SENTIMENTS[raw.trim().toLowerCase()] ?? null;

/**
 * A rating given with feedback (1..scale) as sentiment: the top two points positive, the bottom
 * two negative, the rest neutral; score linear from -1 (lowest) to 1 (highest).
 */
export function ratingSentiment(raw: string, scale: number): { sentiment: Sentiment; score: number } | null {
	const value = Number(raw.trim().replace(',', '.'));
	if (!Number.isFinite(value) || value < 1 || value > scale || raw.trim() === '') return null;
	const sentiment: Sentiment = value >= scale - 1 ? 'positive' : value <= 2 ? 'negative' : 'neutral';
	const score = Math.round(((value - (scale + 1) / 2) / ((scale - 1) / 2)) * 1000) / 1000;
	return { sentiment, score };
}

/** A non-negative number of minutes or hours (durations of service cases). */
export function readDuration(raw: string): Read<number> {
	const value = Number(raw.trim().replace(',', '.'));
	if (raw.trim() === '' || !Number.isFinite(value)) return { ok: false, reason: `"${raw.trim().slice(0, 40)}" is not a number` };
	if (value < 0) return { ok: false, reason: `${value} is negative` };
	return { ok: true, value };
}
