import type { SupabaseClient } from '@supabase/supabase-js';
import type { PersonaCardData } from '#lib/domain/personas.js';
import { isShareToken, sharePath } from '#lib/domain/sharing.js';
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
import { toPersona } from './presentation.js';

/**
 * The viewer side of share links (/share/<token>). Viewers are anonymous: everything here runs
 * with the anon client through the four security definer functions of
 * supabase/migrations/20261202170000_sharing.sql, which check the token themselves. Never the
 * service key (except to read a photo's bytes from hosted Storage, after shared_photo_key said
 * the link shows that persona): a share viewer can reach exactly what those functions return.
 */

export type SharedView =
	| { kind: 'journey'; title: string; journeyId: string; presentation: PresentationData }
	| { kind: 'persona'; title: string; personaId: string; persona: PersonaCardData };

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
	workspace_id: string;
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
		return { ok: true, view: { kind: 'persona', title: target.title, personaId: target.target_id, persona: personaCardFromShare(data as PersonaCardJson, token) } };
	}
	const { data, error } = await anon.rpc('shared_presentation', { p_token: token });
	if (error) throw new Error(`Could not read the shared journey: ${error.message}`);
	if (!data) return { ok: false, status: 410, message: GONE_MESSAGE };
	return { ok: true, view: { kind: 'journey', title: target.title, journeyId: target.target_id, presentation: presentationFromShare(data as SharedPresentationJson, token) } };
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
	tech_comfort?: number | null;
	scenario?: string | null;
	tags?: string[] | null;
	photo_key?: string | null;
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

const list = (value: unknown): string[] => (Array.isArray(value) ? value.filter((x): x is string => typeof x === 'string' && x.trim() !== '') : []);
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * Where a share viewer's browser loads a persona's photo: an uploaded photo through the share
 * route (which asks shared_photo_key again), an external URL as is, else null (the avatar).
 * The storage key itself never reaches the browser.
 */
export function sharedPhotoUrl(card: PersonaCardJson, token: string): string | null {
	const key = typeof card.photo_key === 'string' ? card.photo_key : null;
	if (key) return `${sharePath(token)}/photo/${card.id}?v=${encodeURIComponent(key.slice(key.lastIndexOf('-') + 1, key.lastIndexOf('.')))}`;
	return typeof card.photo_url === 'string' && card.photo_url.trim() !== '' ? card.photo_url : null;
}

/** A persona slide's fields (H2's toPersona) with the share photo URL. */
export function personaFromCard(card: PersonaCardJson, token: string): PresentationPersona {
	return { ...toPersona(card), photoUrl: sharedPhotoUrl(card, token) };
}

/** The persona card's props (H1's PersonaCard) from shared_persona's JSON. */
export function personaCardFromShare(card: PersonaCardJson, token: string): PersonaCardData {
	const comfort = typeof card.tech_comfort === 'number' && card.tech_comfort >= 1 && card.tech_comfort <= 5 ? card.tech_comfort : null;
	return {
		id: card.id,
		name: card.name,
		photoUrl: sharedPhotoUrl(card, token),
		quote: text(card.quote),
		role: text(card.role),
		ageRange: text(card.age_range),
		location: text(card.location),
		bio: text(card.bio),
		goals: list(card.goals),
		pains: list(card.pains),
		motivations: list(card.motivations),
		behaviours: list(card.behaviours),
		channels: list(card.channels),
		techComfort: comfort,
		needs: list(card.needs),
		scenario: text(card.scenario),
		tags: list(card.tags)
	};
}

/** PresentationData as loadPresentation builds it for members (same period, same fallbacks). */
export function presentationFromShare(json: SharedPresentationJson, token: string): PresentationData {
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
		period: { from: null, to: null, label: 'All time' },
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
		personas: json.personas.map((p) => personaFromCard(p, token)),
		topHotspots,
		generatedAt: json.generated_at
	};
}

/** The stored photo key of a persona the link shows, or null (then the route answers 404). */
export async function sharedPhotoKey(anon: SupabaseClient, token: string, personaId: string): Promise<string | null> {
	if (!isShareToken(token) || !/^[0-9a-f-]{36}$/i.test(personaId)) return null;
	const { data, error } = await anon.rpc('shared_photo_key', { p_token: token, p_persona_id: personaId });
	if (error) throw new Error(`Could not read the shared photo: ${error.message}`);
	return typeof data === 'string' ? data : null;
}

/**
 * A share-link visitor following a journey's live presentation: allowed when the token is a
 * live link of that very journey (checked again on every call, so a revoked link stops
 * following at the next check). They read as anon and can never drive.
 */
export async function shareFollower(stack: Stack, token: string, journeyId: string): Promise<{ journeyId: string; workspaceId: string; canDrive: false; userId: null; db: SupabaseClient } | null> {
	const anon = userClient(stack);
	const target = await shareTarget(anon, token);
	if (!target || target.kind !== 'journey' || target.target_id !== journeyId) return null;
	return { journeyId, workspaceId: target.workspace_id, canDrive: false, userId: null, db: anon };
}
