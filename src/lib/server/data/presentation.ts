import type { SupabaseClient } from '@supabase/supabase-js';
import type { FrictionRow } from '#lib/domain/friction/hotspots.js';
import type { TouchpointMetricsRow } from '#lib/domain/metrics/touchpoint.js';
import { DEFAULT_TARGETS } from '#lib/domain/metrics/targets.js';
import { mostNegative, worstFirst, type CommentCandidate } from '#lib/domain/presentation/verbatim.js';
import {
	SLIDE_METRICS,
	TOP_HOTSPOTS,
	type PresentationData,
	type PresentationPersona,
	type PresentationStage,
	type PresentationTouchpoint,
	type SlideMetric,
	type Verbatim
} from '#lib/domain/presentation/types.js';
import { buildSlides } from '#lib/domain/presentation/slides.js';
import { denied, raise } from './errors.js';
import { photoRoute } from './personas.js';

/**
 * Reads everything a journey's presentation shows, through the given supabase-js client, so
 * RLS decides (a member's client; the share route passes its own). Null when the journey does
 * not exist or cannot be read. All time: the slides show the evidence as it stands.
 */
export async function loadPresentation(db: SupabaseClient, journeyId: string, now = new Date()): Promise<PresentationData | null> {
	const journey = await db.from('journeys').select('id, workspace_id, name, description').eq('id', journeyId).maybeSingle();
	if (journey.error?.code === '22P02') return null;
	if (journey.error) raise(journey.error, 'open the journey');
	if (!journey.data) return null;
	const workspaceId = journey.data.workspace_id as string;

	const [stages, touchpoints, metrics, targets, friction, personas, workspace] = await Promise.all([
		db.from('stages').select('id, name, position').eq('journey_id', journeyId).is('archived_at', null).order('position').order('name'),
		db.from('touchpoints').select('id, channel').eq('journey_id', journeyId).is('archived_at', null),
		db.rpc('touchpoint_metrics', { p_journey_id: journeyId }),
		db.rpc('journey_targets', { p_journey_id: journeyId }),
		db.rpc('friction_hotspots', { p_workspace_id: workspaceId, p_journey_id: journeyId }),
		// '*' so fields the persona library adds later (age range, bio…) arrive without a change here.
		db.from('journey_personas').select('personas(*)').eq('journey_id', journeyId),
		db.from('workspaces').select('metric_min_n').eq('id', workspaceId).maybeSingle()
	]);
	if (stages.error) raise(stages.error, 'read the stages');
	if (touchpoints.error) raise(touchpoints.error, 'read the touchpoints');
	if (metrics.error) raise(metrics.error, 'read the metrics');
	if (targets.error) raise(targets.error, 'read the targets');
	if (friction.error) raise(friction.error, 'read the friction');
	if (personas.error) raise(personas.error, 'read the personas');

	const target: Record<SlideMetric, number> = { nps: DEFAULT_TARGETS.nps, csat: DEFAULT_TARGETS.csat, ces: DEFAULT_TARGETS.ces };
	for (const t of targets.data as { metric: string; target: number }[]) {
		if ((SLIDE_METRICS as readonly string[]).includes(t.metric)) target[t.metric as SlideMetric] = t.target;
	}
	const channelOf = new Map((touchpoints.data as { id: string; channel: string }[]).map((t) => [t.id, t.channel]));
	const frictionOf = new Map((friction.data as FrictionRow[]).map((f) => [f.touchpoint_id, f]));
	const rows = metrics.data as TouchpointMetricsRow[];
	const minN = rows[0]?.min_n ?? (workspace.data?.metric_min_n as number | undefined) ?? 30;

	const toTouchpoint = (row: TouchpointMetricsRow): PresentationTouchpoint => {
		const f = frictionOf.get(row.touchpoint_id);
		return {
			id: row.touchpoint_id,
			name: row.touchpoint_name,
			channel: channelOf.get(row.touchpoint_id) ?? 'other',
			metrics: [
				{ metric: 'nps', value: row.nps, n: row.nps_n, target: target.nps },
				{ metric: 'csat', value: row.csat_pct, n: row.csat_n, target: target.csat },
				{ metric: 'ces', value: row.ces_mean, n: row.ces_n, target: target.ces }
			],
			friction: f?.friction_score ?? null,
			isHotspot: f?.is_hotspot ?? false,
			explanation: f?.explanation ?? 'No evidence yet',
			evidenceN: f?.evidence_n ?? 0
		};
	};
	const stageIds = new Set((stages.data as { id: string }[]).map((s) => s.id));
	const byStage = new Map<string, PresentationTouchpoint[]>();
	const unstaged: PresentationTouchpoint[] = [];
	for (const row of rows) {
		const tp = toTouchpoint(row);
		if (row.stage_id && stageIds.has(row.stage_id)) byStage.set(row.stage_id, [...(byStage.get(row.stage_id) ?? []), tp]);
		else unstaged.push(tp);
	}
	const stageList: PresentationStage[] = await Promise.all(
		(stages.data as { id: string; name: string }[]).map(async (s) => {
			const tps = byStage.get(s.id) ?? [];
			return { id: s.id, name: s.name, touchpoints: tps, verbatim: await stageVerbatim(db, tps) };
		})
	);

	const stageNameOf = new Map<string, string>();
	for (const s of stageList) for (const t of s.touchpoints) stageNameOf.set(t.id, s.name);
	const topHotspots = (friction.data as FrictionRow[])
		.filter((f) => f.is_hotspot)
		.sort((a, b) => b.friction_score - a.friction_score)
		.slice(0, TOP_HOTSPOTS)
		.map((f) => ({
			touchpointId: f.touchpoint_id,
			touchpointName: f.touchpoint_name,
			stageName: stageNameOf.get(f.touchpoint_id) ?? f.stage_name,
			friction: f.friction_score,
			explanation: f.explanation
		}));

	return {
		journey: { id: journey.data.id, workspaceId, name: journey.data.name, description: journey.data.description },
		period: { from: null, to: null, label: 'All time' },
		minN,
		stages: stageList,
		unstaged,
		personas: (personas.data as unknown as { personas: Record<string, unknown> | null }[])
			.map((jp) => jp.personas)
			.filter((p): p is Record<string, unknown> => p !== null && !p.archived_at)
			.map(toPersona)
			.sort((a, b) => a.name.localeCompare(b.name)),
		topHotspots,
		generatedAt: now.toISOString()
	};
}

const texts = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '') : []);
const text = (v: unknown): string => (typeof v === 'string' ? v : '');
const optionalText = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);

/**
 * A persona row (any columns) as the card fields a slide shows. An uploaded photo is served by
 * the persona library's members-only route; the share route replaces photoUrl with its own.
 */
export function toPersona(p: Record<string, unknown>): PresentationPersona {
	const uploaded = typeof p.photo_key === 'string' && p.photo_key !== '' && typeof p.workspace_id === 'string';
	return {
		id: text(p.id),
		name: text(p.name),
		photoUrl: uploaded ? photoRoute(p.workspace_id as string, text(p.id), p.photo_key as string) : optionalText(p.photo_url),
		quote: text(p.quote),
		role: text(p.role),
		goals: texts(p.goals),
		pains: texts(p.pains),
		behaviours: texts(p.behaviours),
		channels: texts(p.channels),
		ageRange: optionalText(p.age_range),
		location: optionalText(p.location),
		bio: optionalText(p.bio),
		motivations: texts(p.motivations),
		needs: texts(p.needs)
	};
}

type Sentiment = CommentCandidate['sentiment'];

/** The stage's verbatim by the rule in verbatim.ts: worst touchpoint first, its most negative comment. */
async function stageVerbatim(db: SupabaseClient, touchpoints: PresentationTouchpoint[]): Promise<Verbatim | null> {
	for (const tp of worstFirst(touchpoints)) {
		const [feedback, answers] = await Promise.all([
			db
				.from('feedback')
				.select('body, sentiment, sentiment_score, created_at')
				.eq('touchpoint_id', tp.id)
				.order('sentiment_score', { ascending: true, nullsFirst: false })
				.order('created_at', { ascending: false })
				.limit(1),
			db
				.from('survey_responses')
				.select('comment, sentiment, sentiment_score, responded_at')
				.eq('touchpoint_id', tp.id)
				.not('comment', 'is', null)
				.neq('comment', '')
				.order('sentiment_score', { ascending: true, nullsFirst: false })
				.order('responded_at', { ascending: false })
				.limit(1)
		]);
		if (feedback.error) raise(feedback.error, 'read the feedback');
		if (answers.error) raise(answers.error, 'read the survey comments');
		const candidates = [
			...(feedback.data as { body: string; sentiment: Sentiment; sentiment_score: number | null; created_at: string }[]).map((f) => ({
				body: f.body,
				sentiment: f.sentiment,
				sentimentScore: f.sentiment_score,
				createdAt: f.created_at
			})),
			...(answers.data as { comment: string; sentiment: Sentiment; sentiment_score: number | null; responded_at: string }[]).map((a) => ({
				body: a.comment,
				sentiment: a.sentiment,
				sentimentScore: a.sentiment_score,
				createdAt: a.responded_at
			}))
		];
		const pick = mostNegative(candidates);
		if (pick) return { body: pick.body, sentiment: pick.sentiment, createdAt: pick.createdAt, touchpointId: tp.id, touchpointName: tp.name };
	}
	return null;
}

const DECK_TTL_MS = 30_000;
const decks = new Map<string, { keys: string[]; at: number }>();

/**
 * The slide keys of a journey's deck, for checking what a presenter posts. Cached 30 s per
 * journey (a presenter may post several times a second; the deck changes only when the map
 * does). Call it only after the caller was authorised for the journey.
 */
export async function deckKeys(db: SupabaseClient, journeyId: string, options: { fresh?: boolean } = {}): Promise<string[] | null> {
	const now = Date.now();
	const cached = decks.get(journeyId);
	if (cached && !options.fresh && now - cached.at < DECK_TTL_MS) return cached.keys;
	const data = await loadPresentation(db, journeyId);
	if (!data) return null;
	const keys = buildSlides(data).map((s) => s.key);
	decks.set(journeyId, { keys, at: now });
	if (decks.size > 1000) decks.delete(decks.keys().next().value!);
	return keys;
}

/** Speaker notes of a journey by slide key (members read them). */
export async function listNotes(db: SupabaseClient, journeyId: string): Promise<Record<string, string>> {
	const { data, error } = await db.from('presentation_notes').select('slide_key, body').eq('journey_id', journeyId);
	if (error?.code === '22P02') return {};
	if (error) raise(error, 'read the speaker notes');
	return Object.fromEntries((data as { slide_key: string; body: string }[]).map((n) => [n.slide_key, n.body]));
}

export const MAX_NOTE_LENGTH = 10_000;

/** Writes one slide's note (owners and editors; RLS refuses the others). */
export async function saveNote(db: SupabaseClient, journey: { id: string; workspaceId: string }, slideKey: string, body: string): Promise<void> {
	const { data, error } = await db
		.from('presentation_notes')
		.upsert({ journey_id: journey.id, workspace_id: journey.workspaceId, slide_key: slideKey, body }, { onConflict: 'journey_id,slide_key' })
		.select('slide_key');
	if (error) raise(error, 'save the speaker note');
	if (!data?.length) denied('save the speaker note');
}
