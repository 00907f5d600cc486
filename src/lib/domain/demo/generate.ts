import type { Channel } from '../channels.js';
import { Random } from '../random.js';
import { DEMO_PERSONAS, DEMO_STAGES, type DemoPersona, type DemoTouchpoint } from './journey.js';
import { THEME_PHRASES } from './phrases.js';

export type SurveyMetric = 'nps' | 'csat' | 'ces';
export type FeedbackSource = 'email' | 'call' | 'chat' | 'review' | 'social' | 'survey';
export type Sentiment = 'positive' | 'neutral' | 'negative';

export interface GeneratedResponse {
	touchpointId: string;
	metric: SurveyMetric;
	score: number;
	scaleMax: number;
	personaId: string;
	channel: Channel;
	respondedAt: string;
}

export interface GeneratedFeedback {
	touchpointId: string;
	source: FeedbackSource;
	body: string;
	sentiment: Sentiment;
	theme: string;
	personaId: string;
	createdAt: string;
}

export interface GeneratedCase {
	touchpointId: string;
	channel: Channel;
	category: string;
	openedAt: string;
	firstResponseAt: string | null;
	resolvedAt: string | null;
}

export interface DemoData {
	personas: (DemoPersona & { id: string })[];
	stages: { id: string; name: string; position: number; emotion: number }[];
	touchpoints: (DemoTouchpoint & { id: string; stageId: string; position: number })[];
	responses: GeneratedResponse[];
	feedback: GeneratedFeedback[];
	cases: GeneratedCase[];
}

export interface DemoOptions {
	seed?: number;
	/** End of the data period; the demo covers the 182 days before it. */
	now?: Date;
	responses?: number;
	feedback?: number;
	cases?: number;
}

const DAY_MS = 86_400_000;
const PERIOD_DAYS = 182;
/** Thin evidence on purpose: this touchpoint must show "not enough responses", never a hotspot. */
const THIN_TOUCHPOINT = 'social-reviews';
/** Support chat gets worse over the period (a "worsening" signal). */
const WORSENING_TOUCHPOINT = 'support-chat';
/**
 * The demo's done action ("step-by-step Wi-Fi help") shipped this many days
 * before the end: from then on customers find the help articles much easier, so
 * its impact card shows a real, significant change. Applied without extra random draws, so
 * every other number of the demo stays as it was.
 */
export const IMPROVED_TOUCHPOINT = 'wifi-help';
export const SHIPPED_DAYS_AGO = 35;
const IMPROVEMENT = 0.7;

/** The ship date (UTC day) of the demo's done action for data ending at `end`. */
export const demoShipDate = (end: Date) => new Date(end.getTime() - SHIPPED_DAYS_AGO * DAY_MS).toISOString().slice(0, 10);

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

const FEEDBACK_SOURCE: Record<Channel, FeedbackSource> = {
	web: 'review',
	app: 'review',
	email: 'email',
	phone: 'call',
	store: 'survey',
	chat: 'chat',
	social: 'social',
	other: 'survey'
};

/**
 * Six months of believable evidence for the demo journey, fully determined by the seed:
 * survey answers drawn from each touchpoint's hidden quality (plus persona mood, noise and one
 * worsening trend), comments whose sentiment follows the same quality, and support cases with
 * lognormal response and resolution times.
 */
export function generateDemo(options: DemoOptions = {}): DemoData {
	const random = new Random(options.seed ?? 20261122);
	const end = (options.now ?? new Date()).getTime();
	const start = end - PERIOD_DAYS * DAY_MS;
	const shipped = Date.parse(`${demoShipDate(new Date(end))}T00:00:00Z`);
	const improved = (t: DemoTouchpoint, at: number) => t.key === IMPROVED_TOUCHPOINT && at >= shipped;

	const personas = DEMO_PERSONAS.map((p) => ({ ...p, id: random.uuid() }));
	const stages = DEMO_STAGES.map((s, position) => ({ id: random.uuid(), name: s.name, position, emotion: s.emotion }));
	const touchpoints = DEMO_STAGES.flatMap((s, stageIndex) =>
		s.touchpoints.map((t, position) => ({ ...t, id: random.uuid(), stageId: stages[stageIndex]!.id, position }))
	);

	const pickPersona = () => {
		let roll = random.next();
		for (const p of personas) {
			roll -= p.share;
			if (roll <= 0) return p;
		}
		return personas[personas.length - 1]!;
	};
	const weights = touchpoints.map((t) => (t.key === THIN_TOUCHPOINT ? 0.0006 : 0.5 + random.next()));
	const pickTouchpoint = () => {
		const total = weights.reduce((a, b) => a + b, 0);
		let roll = random.next() * total;
		for (let i = 0; i < touchpoints.length; i++) {
			roll -= weights[i]!;
			if (roll <= 0) return touchpoints[i]!;
		}
		return touchpoints[touchpoints.length - 1]!;
	};
	/** Latent satisfaction of one customer at one moment. */
	const latent = (t: DemoTouchpoint, p: DemoPersona, at: number) => {
		const progress = (at - start) / (end - start);
		const trend = t.key === WORSENING_TOUCHPOINT ? 0.25 - 0.5 * progress : 0;
		return t.quality + p.mood + trend + (improved(t, at) ? IMPROVEMENT : 0) + 0.25 * random.normal();
	};
	const moment = () => start + Math.floor(random.next() * (end - start));

	const responses: GeneratedResponse[] = [];
	for (let i = 0; i < (options.responses ?? 24_000); i++) {
		const t = pickTouchpoint();
		const p = pickPersona();
		const at = moment();
		const z = latent(t, p, at);
		const roll = random.next();
		const metric: SurveyMetric = roll < 0.4 ? 'nps' : roll < 0.75 ? 'csat' : 'ces';
		const score =
			metric === 'nps'
				? Math.round(clamp(7.2 + 2.8 * z + 1.6 * random.normal(), 0, 10))
				: metric === 'csat'
					? Math.round(clamp(3.9 + 1.4 * z + 0.8 * random.normal(), 1, 5))
					: Math.round(clamp(5.2 + 2.0 * z + 1.0 * random.normal(), 1, 7));
		responses.push({
			touchpointId: t.id,
			metric,
			score,
			scaleMax: metric === 'nps' ? 10 : metric === 'csat' ? 5 : 7,
			personaId: p.id,
			channel: t.channel,
			respondedAt: new Date(at).toISOString()
		});
	}

	// Unhappy customers write more: feedback is drawn toward the worse touchpoints.
	const feedback: GeneratedFeedback[] = [];
	for (let i = 0; feedback.length < (options.feedback ?? 600) && i < 100_000; i++) {
		const t = pickTouchpoint();
		if (t.key === THIN_TOUCHPOINT) continue;
		if (random.next() > 0.45 - 0.4 * t.quality) continue;
		const p = pickPersona();
		const at = moment();
		const z = latent(t, p, at) + 0.3 * random.normal();
		const sentiment: Sentiment = z < -0.15 ? 'negative' : z > 0.35 ? 'positive' : 'neutral';
		const theme = sentiment === 'negative' && random.next() < 0.6 ? t.themes[0]! : random.pick(t.themes);
		const phrases = THEME_PHRASES[theme] ?? { negative: ['Not great.'], positive: ['Good.'] };
		const complaint = random.pick(phrases.negative);
		const body =
			sentiment === 'neutral'
				? `${random.pick(phrases.positive)} But ${complaint.charAt(0).toLowerCase()}${complaint.slice(1)}`
				: sentiment === 'negative'
					? complaint
					: random.pick(phrases.positive);
		feedback.push({
			touchpointId: t.id,
			source: FEEDBACK_SOURCE[t.channel],
			body,
			sentiment,
			theme,
			personaId: p.id,
			createdAt: new Date(at).toISOString()
		});
	}

	const serviceTouchpoints = touchpoints.filter((t) => t.service);
	const cases: GeneratedCase[] = [];
	for (let i = 0; i < (options.cases ?? 2_400); i++) {
		const t = random.pick(serviceTouchpoints);
		const service = t.service!;
		const opened = moment();
		const neverAnswered = random.next() < 0.02;
		const frtMinutes = service.frtMinutes * Math.exp(0.6 * random.normal());
		const firstResponse = neverAnswered ? null : Math.min(end, opened + frtMinutes * 60_000);
		const ttrHours = service.ttrHours * Math.exp(0.7 * random.normal());
		const resolvedAt = opened + Math.max(frtMinutes / 60, ttrHours) * 3_600_000;
		const open = neverAnswered || random.next() < 0.06 || resolvedAt > end;
		cases.push({
			touchpointId: t.id,
			channel: t.channel,
			category: random.pick(t.themes),
			openedAt: new Date(opened).toISOString(),
			firstResponseAt: firstResponse === null ? null : new Date(firstResponse).toISOString(),
			resolvedAt: open ? null : new Date(resolvedAt).toISOString()
		});
	}

	return { personas, stages, touchpoints, responses, feedback, cases };
}
