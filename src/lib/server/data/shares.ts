import type { SupabaseClient } from '@supabase/supabase-js';
import { isShareToken } from '#lib/domain/sharing.js';
import {
	SLIDE_METRICS,
	TOP_HOTSPOTS,
	type PresentationData,
	type PresentationPersona,
	type PresentationTouchpoint,
	type TopHotspot,
	type Verbatim
} from '#lib/domain/presentation/types.js';
import { RateLimiter } from '../http/rate-limit.js';
import type { Stack } from '../stack/index.js';
import { userClient } from '../supabase.js';

/**
 * The viewer side of share links (/share/<token>). Viewers are anonymous: everything here runs
 * with the anon client through the three security definer functions of
 * supabase/migrations/20261202170000_sharing.sql, which check the token themselves. Never the
 * service key: a share viewer can reach exactly what those functions return.
 */

export type SharedView =
	| { kind: 'journey'; title: string; journeyId: string; presentation: PresentationData }
	| { kind: 'persona'; title: string; personaId: string; persona: PresentationPersona };

/** One answer for a token never issued, expired, revoked or of an archived target. */
export const GONE_MESSAGE = 'This share link no longer works. Ask the person who sent it for a new one.';

export type SharedViewResult = { ok: true; view: SharedView } | { ok: false; status: 410 | 429; message: string };

/** Page views per IP (per process): enough for a room refreshing, too few to scan tokens. */
const viewsPerClient = new RateLimiter({ capacity: 60, perMinute: 60 });

export function allowShareView(ip: string): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
	const verdict = viewsPerClient.take(ip);
	return verdict.allowed ? { allowed: true } : verdict;
}

interface TargetRow {
	kind: 'journey' | 'persona';
	target_id: string;
	title: string;
}

/** What a live token opens, or null (bad, expired, revoked: the database does not say which). */
export async function shareTarget(anon: SupabaseClient, token: string): Promise<TargetRow | null> {
	if (!isShareToken(token)) return null;
	const { data, error } = await anon.rpc('share_link_target', { p_token: token }).maybeSingle<TargetRow>();
	if (error) throw new Error(`Could not read the share link: ${error.message}`);
	return data ?? null;
}

/** The rate-limited page view: the journey's presentation data or the persona's card. */
export async function viewShared(stack: Stack, token: string, ip: string): Promise<SharedViewResult> {
	const rate = allowShareView(ip);
	if (!rate.allowed) return { ok: false, status: 429, message: `Too many requests from your network. Try again in ${rate.retryAfterSeconds} seconds.` };
	const anon = userClient(stack);
	const target = await shareTarget(anon, token);
	if (!target) return { ok: false, status: 410, message: GONE_MESSAGE };
	if (target.kind === 'persona') {
		const { data, error } = await anon.rpc('shared_persona', { p_token: token });
		if (error) throw new Error(`Could not read the shared persona: ${error.message}`);
		if (!data) return { ok: false, status: 410, message: GONE_MESSAGE };
		return { ok: true, view: { kind: 'persona', title: target.title, personaId: target.target_id, persona: personaFromCard(data as PersonaCardJson) } };
	}
	const { data, error } = await anon.rpc('shared_presentation', { p_token: token });
	if (error) throw new Error(`Could not read the shared journey: ${error.message}`);
	if (!data) return { ok: false, status: 410, message: GONE_MESSAGE };
	return { ok: true, view: { kind: 'journey', title: target.title, journeyId: target.target_id, presentation: presentationFromShare(data as SharedPresentationJson) } };
}

// Mapping the JSON of shared_presentation / shared_persona to the presentation types -----------

export interface PersonaCardJson {
	id: string;
	name: string;
	photo_url: string | null;
	quote: string | null;
	role: string | null;
	goals: string[] | null;
	pains: string[] | null;
	behaviours: string[] | null;
	channels: string[] | null;
	age_range?: string | null;
	location?: string | null;
	bio?: string | null;
	motivations?: string[] | null;
	needs?: string[] | null;
	[extra: string]: unknown;
}

interface SharedTouchpointJson {
	id: string;
	name: string;
	channel: string;
	stage_id: string | null;
	nps: number | null;
	nps_n: number;
	csat_pct: number | null;
	csat_n: number;
	ces_mean: number | null;
	ces_n: number;
	friction_score: number | null;
	is_hotspot: boolean;
	evidence_n: number;
	explanation: string;
}

interface SharedVerbatimJson {
	body: string;
	sentiment: Verbatim['sentiment'];
	created_at: string;
	touchpoint_id: string;
	touchpoint_name: string;
}

export interface SharedPresentationJson {
	journey: { id: string; workspace_id: string; name: string; description: string };
	min_n: number;
	targets: Record<'nps' | 'csat' | 'ces', number>;
	stages: { id: string; name: string; verbatim: SharedVerbatimJson | null }[];
	touchpoints: SharedTouchpointJson[];
	personas: PersonaCardJson[];
	generated_at: string;
}

const list = (value: string[] | null | undefined) => (Array.isArray(value) ? value : []);

export function personaFromCard(card: PersonaCardJson): PresentationPersona {
	return {
		id: card.id,
		name: card.name,
		photoUrl: card.photo_url ?? null,
		quote: card.quote ?? '',
		role: card.role ?? '',
		goals: list(card.goals),
		pains: list(card.pains),
		behaviours: list(card.behaviours),
		channels: list(card.channels),
		ageRange: card.age_range ?? null,
		location: card.location ?? null,
		bio: card.bio ?? null,
		motivations: list(card.motivations),
		needs: list(card.needs)
	};
}

export function presentationFromShare(json: SharedPresentationJson, periodLabel = 'All responses to date'): PresentationData {
	const touchpoint = (t: SharedTouchpointJson): PresentationTouchpoint => {
		const values = { nps: [t.nps, t.nps_n], csat: [t.csat_pct, t.csat_n], ces: [t.ces_mean, t.ces_n] } as const;
		return {
			id: t.id,
			name: t.name,
			channel: t.channel,
			metrics: SLIDE_METRICS.map((metric) => ({ metric, value: values[metric][0], n: values[metric][1], target: json.targets[metric] })),
			friction: t.friction_score,
			isHotspot: t.is_hotspot,
			explanation: t.explanation || 'No evidence yet',
			evidenceN: t.evidence_n
		};
	};
	const stageIds = new Set(json.stages.map((s) => s.id));
	const stageName = new Map(json.stages.map((s) => [s.id, s.name]));
	const topHotspots: TopHotspot[] = json.touchpoints
		.filter((t) => t.is_hotspot && t.friction_score !== null)
		.sort((a, b) => (b.friction_score ?? 0) - (a.friction_score ?? 0) || a.name.localeCompare(b.name))
		.slice(0, TOP_HOTSPOTS)
		.map((t) => ({ touchpointId: t.id, touchpointName: t.name, stageName: t.stage_id ? (stageName.get(t.stage_id) ?? null) : null, friction: t.friction_score!, explanation: t.explanation }));
	return {
		journey: { id: json.journey.id, workspaceId: json.journey.workspace_id, name: json.journey.name, description: json.journey.description },
		period: { from: null, to: null, label: periodLabel },
		minN: json.min_n,
		stages: json.stages.map((s) => ({
			id: s.id,
			name: s.name,
			touchpoints: json.touchpoints.filter((t) => t.stage_id === s.id).map(touchpoint),
			verbatim: s.verbatim
				? { body: s.verbatim.body, sentiment: s.verbatim.sentiment, createdAt: s.verbatim.created_at, touchpointId: s.verbatim.touchpoint_id, touchpointName: s.verbatim.touchpoint_name }
				: null
		})),
		unstaged: json.touchpoints.filter((t) => !t.stage_id || !stageIds.has(t.stage_id)).map(touchpoint),
		personas: json.personas.map(personaFromCard),
		topHotspots,
		generatedAt: json.generated_at
	};
}
