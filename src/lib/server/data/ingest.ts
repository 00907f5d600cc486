import { createHash, randomBytes } from 'node:crypto';
import type { SupabaseClient } from '@supabase/supabase-js';
import { fillSentiment } from '#lib/domain/feedback/sentiment.js';
import { checkFeedbackItem, checkResponseItem, type ItemCheck, type TouchpointRef } from '#lib/domain/import/ingest.js';
import { findByNameOrId, normaliseName, suggest } from '#lib/domain/import/similarity.js';
import type { NamedRef } from '#lib/domain/import/types.js';
import type { Stack } from '../stack/index.js';
import { serviceClient } from '../supabase.js';
import { refreshAlertsSoon } from './notifications.js';
import { RateLimiter, tooManyRequests } from '../http/rate-limit.js';
import { denied, raise } from './errors.js';

/**
 * The ingest API: a workspace's own systems post survey responses and feedback with a
 * workspace ingest key (`Authorization: Bearer jsi_…`). Keys are managed by owners and editors
 * through RLS (table ingest_keys); only the sha-256 of a token is stored and the token is shown
 * once. Requests are checked with the service client, server-side, and every insert is pinned
 * to the key's workspace.
 */

export const INGEST_MAX_BYTES = 1024 * 1024;
export const INGEST_MAX_ITEMS = 5000;
const TOKEN_PREFIX = 'jsi_';

export type IngestKind = 'responses' | 'feedback';

export interface IngestKey {
	id: string;
	name: string;
	prefix: string;
	createdAt: string;
	revokedAt: string | null;
	lastUsedAt: string | null;
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Creates a key for a workspace (owners and editors; RLS decides). The token is in the result only. */
export async function createIngestKey(db: SupabaseClient, workspaceId: string, name: string): Promise<IngestKey & { token: string }> {
	const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
	const prefix = token.slice(0, 12);
	const { data, error } = await db
		.from('ingest_keys')
		.insert({ workspace_id: workspaceId, name: name.trim(), key_hash: hashToken(token), prefix })
		.select('id, name, prefix, created_at, revoked_at, last_used_at')
		.single();
	if (error) raise(error, 'create an ingest key');
	return { ...toKey(data), token };
}

export async function listIngestKeys(db: SupabaseClient, workspaceId: string): Promise<IngestKey[]> {
	const { data, error } = await db
		.from('ingest_keys')
		.select('id, name, prefix, created_at, revoked_at, last_used_at')
		.eq('workspace_id', workspaceId)
		.order('created_at', { ascending: false });
	if (error) raise(error, 'list the ingest keys');
	return data.map(toKey);
}

export async function revokeIngestKey(db: SupabaseClient, keyId: string): Promise<void> {
	const { data, error } = await db.from('ingest_keys').update({ revoked_at: new Date().toISOString() }).eq('id', keyId).is('revoked_at', null).select('id');
	if (error) raise(error, 'revoke the ingest key');
	if (data.length === 0) denied('revoke this ingest key');
}

const toKey = (k: Record<string, unknown>): IngestKey => ({
	id: k.id as string,
	name: k.name as string,
	prefix: k.prefix as string,
	createdAt: k.created_at as string,
	revokedAt: (k.revoked_at as string | null) ?? null,
	lastUsedAt: (k.last_used_at as string | null) ?? null
});

/** The live key a bearer token belongs to, or null. */
export async function authenticateIngestKey(service: SupabaseClient, authorization: string | null): Promise<{ keyId: string; workspaceId: string } | null> {
	const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
	if (!match || !match[1]!.startsWith(TOKEN_PREFIX) || match[1]!.length > 200) return null;
	const { data, error } = await service.from('ingest_keys').select('id, workspace_id').eq('key_hash', hashToken(match[1]!)).is('revoked_at', null).maybeSingle();
	if (error) throw new Error(`Could not check the ingest key: ${error.message}`);
	return data ? { keyId: data.id as string, workspaceId: data.workspace_id as string } : null;
}

export interface IngestResult {
	accepted: number;
	rejected: { index: number; reason: string }[];
}

interface TouchpointRow {
	id: string;
	journey_id: string;
	name: string;
}

/** Resolves items' touchpoints inside one workspace: by id, or by name within journey_id. */
async function touchpointResolver(service: SupabaseClient, workspaceId: string, refs: TouchpointRef[]) {
	const ids = [...new Set(refs.map((r) => r.touchpointId).filter((v): v is string => !!v))];
	const journeys = [...new Set(refs.map((r) => r.journeyId).filter((v): v is string => !!v))];
	const byId = new Map<string, TouchpointRow>();
	const byJourney = new Map<string, TouchpointRow[]>();
	const knownJourneys = new Set<string>();
	if (ids.length > 0) {
		const { data, error } = await service.from('touchpoints').select('id, journey_id, name').eq('workspace_id', workspaceId).in('id', ids);
		if (error) throw new Error(`Could not read touchpoints: ${error.message}`);
		for (const t of data as TouchpointRow[]) byId.set(t.id, t);
	}
	if (journeys.length > 0) {
		const [tps, js] = await Promise.all([
			service.from('touchpoints').select('id, journey_id, name').eq('workspace_id', workspaceId).in('journey_id', journeys).is('archived_at', null),
			service.from('journeys').select('id').eq('workspace_id', workspaceId).in('id', journeys)
		]);
		if (tps.error || js.error) throw new Error(`Could not read touchpoints: ${(tps.error ?? js.error)!.message}`);
		for (const t of tps.data as TouchpointRow[]) byJourney.set(t.journey_id, [...(byJourney.get(t.journey_id) ?? []), t]);
		for (const j of js.data as { id: string }[]) knownJourneys.add(j.id);
	}
	return (ref: TouchpointRef): ItemCheck<{ touchpointId: string | null; journeyId: string }> => {
		if (ref.touchpointId) {
			const t = byId.get(ref.touchpointId);
			if (!t) return { ok: false, reason: `touchpoint_id ${ref.touchpointId} is not a touchpoint of this key's workspace` };
			if (ref.journeyId && ref.journeyId !== t.journey_id) return { ok: false, reason: `touchpoint_id ${ref.touchpointId} is not in journey ${ref.journeyId}` };
			return { ok: true, item: { touchpointId: t.id, journeyId: t.journey_id } };
		}
		if (!ref.journeyId || !knownJourneys.has(ref.journeyId)) return { ok: false, reason: `journey_id ${ref.journeyId} is not a journey of this key's workspace` };
		if (!ref.touchpointName) return { ok: true, item: { touchpointId: null, journeyId: ref.journeyId } };
		const candidates: NamedRef[] = byJourney.get(ref.journeyId) ?? [];
		const hit = candidates.find((c) => normaliseName(c.name) === normaliseName(ref.touchpointName!));
		if (hit) return { ok: true, item: { touchpointId: hit.id, journeyId: ref.journeyId } };
		const near = suggest(ref.touchpointName, candidates, 1)[0];
		return { ok: false, reason: `'${ref.touchpointName.slice(0, 60)}' is not a touchpoint of journey ${ref.journeyId}${near ? ` (did you mean '${near.name}'?)` : ''}` };
	};
}

async function personaResolver(service: SupabaseClient, workspaceId: string, wanted: (string | null)[]) {
	if (!wanted.some(Boolean)) return () => null;
	const { data, error } = await service.from('personas').select('id, name').eq('workspace_id', workspaceId).is('archived_at', null);
	if (error) throw new Error(`Could not read personas: ${error.message}`);
	return (value: string | null) => (value ? (findByNameOrId(value, data as NamedRef[])?.id ?? null) : null);
}

/** Checks and inserts items for a workspace (service client: the caller authenticated the key). */
export async function ingest(service: SupabaseClient, workspaceId: string, kind: IngestKind, items: unknown[]): Promise<IngestResult> {
	const rejected: IngestResult['rejected'] = [];
	const checked = items.map((item, index) => ({ index, check: kind === 'responses' ? checkResponseItem(item) : checkFeedbackItem(item) }));
	const valid = checked.flatMap(({ index, check }) => {
		if (check.ok) return [{ index, item: check.item }];
		rejected.push({ index, reason: check.reason });
		return [];
	});
	const resolve = await touchpointResolver(service, workspaceId, valid.map((v) => v.item));
	const persona = await personaResolver(service, workspaceId, valid.map((v) => v.item.persona));
	const rows: Record<string, unknown>[] = [];
	for (const { index, item } of valid) {
		const where = resolve(item);
		if (!where.ok) {
			rejected.push({ index, reason: where.reason });
			continue;
		}
		if ('metric' in item) {
			rows.push({
				workspace_id: workspaceId,
				touchpoint_id: where.item.touchpointId,
				metric: item.metric,
				score: item.score,
				scale_max: item.scaleMax,
				comment: item.comment,
				// Sentiment of the comment, computed here (items bring none).
				...fillSentiment({}, item.comment),
				persona_id: persona(item.persona),
				channel: item.channel,
				source: 'webhook',
				...(item.respondedAt ? { responded_at: item.respondedAt } : {})
			});
		} else {
			rows.push({
				workspace_id: workspaceId,
				touchpoint_id: where.item.touchpointId,
				journey_id: where.item.journeyId,
				source: item.source,
				body: item.body,
				// Kept when the item brought a sentiment or rating; computed from the text otherwise.
				...fillSentiment({ sentiment: item.sentiment, sentiment_score: item.sentimentScore }, item.body),
				theme: item.theme,
				persona_id: persona(item.persona),
				...(item.createdAt ? { created_at: item.createdAt } : {})
			});
		}
	}
	if (rows.length > 0) {
		// One insert: the accepted items of a request are stored together or not at all.
		const { error } = await service.from(kind === 'responses' ? 'survey_responses' : 'feedback').insert(rows, { defaultToNull: false });
		if (error) throw new Error(`Could not store the ${kind}: ${error.message}`);
	}
	rejected.sort((a, b) => a.index - b.index);
	return { accepted: rows.length, rejected };
}

/** Per key: bursts of 60, 60 requests a minute sustained. */
export const ingestLimiter = new RateLimiter({ capacity: 60, perMinute: 60 });

const problem = (status: number, message: string, headers: Record<string, string> = {}) =>
	new Response(JSON.stringify({ message }), { status, headers: { 'content-type': 'application/json', ...headers } });

/** Reads at most `max` bytes of a body; null when it is longer. */
async function readCapped(request: Request, max: number): Promise<string | null> {
	if (!request.body) return '';
	const reader = request.body.getReader();
	const parts: Uint8Array[] = [];
	let size = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		size += value.byteLength;
		if (size > max) {
			await reader.cancel().catch(() => undefined);
			return null;
		}
		parts.push(value);
	}
	return Buffer.concat(parts).toString('utf8');
}

/**
 * The whole of POST /api/ingest/{responses,feedback}: 401 without a live key, 429 over the
 * key's rate (with Retry-After), 413 over 1 MB or 5,000 items, 400 for a body that is not a
 * JSON array; otherwise 200 with { accepted, rejected: [{ index, reason }] }.
 */
export async function handleIngest(stack: Stack, kind: IngestKind, request: Request, limiter: RateLimiter = ingestLimiter): Promise<Response> {
	const service = serviceClient(stack);
	const key = await authenticateIngestKey(service, request.headers.get('authorization'));
	if (!key) return problem(401, 'A valid ingest key is required: Authorization: Bearer <key>.', { 'www-authenticate': 'Bearer' });
	const verdict = limiter.take(key.keyId);
	if (!verdict.allowed) return tooManyRequests(verdict.retryAfterSeconds);
	const tooLarge = `The body is larger than 1 MB: send at most ${INGEST_MAX_ITEMS.toLocaleString('en')} items per request.`;
	if (Number(request.headers.get('content-length') ?? 0) > INGEST_MAX_BYTES) return problem(413, tooLarge);
	const text = await readCapped(request, INGEST_MAX_BYTES);
	if (text === null) return problem(413, tooLarge);
	let body: unknown;
	try {
		body = JSON.parse(text);
	} catch (error) {
		return problem(400, `The body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
	}
	if (!Array.isArray(body)) return problem(400, 'The body must be a JSON array of items.');
	if (body.length > INGEST_MAX_ITEMS) return problem(413, `Too many items: ${body.length.toLocaleString('en')} (at most ${INGEST_MAX_ITEMS.toLocaleString('en')} per request).`);
	const result = await ingest(service, key.workspaceId, kind, body);
	if (result.accepted > 0) refreshAlertsSoon(stack, key.workspaceId);
	await service.from('ingest_keys').update({ last_used_at: new Date().toISOString() }).eq('id', key.keyId);
	return new Response(JSON.stringify(result), { status: 200, headers: { 'content-type': 'application/json' } });
}
