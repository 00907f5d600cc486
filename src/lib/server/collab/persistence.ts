import type { SupabaseClient } from '@supabase/supabase-js';
import * as Y from 'yjs';
import type { Channel } from '#lib/domain/channels.js';
import { arrangeTouchpoints } from '#lib/domain/journey/layout.js';
import { emptyDocument, type JourneyDocument } from '#lib/domain/journey/model.js';
import { readDocument, writeDocument } from '#lib/sync/ydoc.js';

/** bytea travels through PostgREST as "\x" + hex. */
export const toBytea = (bytes: Uint8Array) => `\\x${Buffer.from(bytes).toString('hex')}`;
export const fromBytea = (value: string) => new Uint8Array(Buffer.from(value.replace(/^\\x/, ''), 'hex'));

/** The stored Yjs state of a journey, or null when it has never been stored. */
export async function loadState(service: SupabaseClient, journeyId: string): Promise<Uint8Array | null> {
	const { data, error } = await service.from('journey_documents').select('state').eq('journey_id', journeyId).maybeSingle();
	if (error) throw new Error(`Could not load journey ${journeyId}: ${error.message}`);
	return data ? fromBytea(data.state as string) : null;
}

/**
 * A first document for a journey that has rows but no canvas yet (created through the API or an
 * older import): its stages in order, touchpoints arranged into their lanes, linked personas.
 */
export async function documentFromTables(service: SupabaseClient, journeyId: string): Promise<JourneyDocument> {
	const [stages, touchpoints, personas] = await Promise.all([
		service.from('stages').select('id, name').eq('journey_id', journeyId).is('archived_at', null).order('position'),
		service
			.from('touchpoints')
			.select('id, stage_id, name, channel, description, owner, is_moment_of_truth, position')
			.eq('journey_id', journeyId)
			.is('archived_at', null)
			.order('position'),
		service.from('journey_personas').select('persona_id, personas(name)').eq('journey_id', journeyId)
	]);
	const failed = stages.error ?? touchpoints.error ?? personas.error;
	if (failed) throw new Error(`Could not read journey ${journeyId}: ${failed.message}`);
	const doc = emptyDocument();
	doc.stages = (stages.data ?? []).map((s) => ({ id: s.id, name: s.name }));
	doc.touchpoints = (touchpoints.data ?? []).map((t) => ({
		id: t.id,
		stageId: t.stage_id,
		name: t.name,
		channel: t.channel as Channel,
		description: t.description,
		owner: t.owner,
		momentOfTruth: t.is_moment_of_truth,
		personaIds: [],
		x: 0,
		y: t.position
	}));
	for (const [id, point] of arrangeTouchpoints(doc)) Object.assign(doc.touchpoints.find((t) => t.id === id)!, point);
	doc.personas = (personas.data as unknown as { persona_id: string; personas: { name: string } | null }[]).map((p, i) => ({
		id: crypto.randomUUID(),
		personaId: p.persona_id,
		name: p.personas?.name ?? 'Persona',
		x: -320,
		y: 76 + i * 110
	}));
	return doc;
}

/** Builds the encoded Yjs state of a document (new journeys, templates, imports). */
export function stateOf(doc: JourneyDocument): Uint8Array {
	const ydoc = new Y.Doc();
	writeDocument(ydoc, doc);
	return Y.encodeStateAsUpdate(ydoc);
}

/**
 * Stores a document and projects it into the tables, so SQL and RLS see what the canvas shows.
 * The projection is one SQL function (one transaction): a crash cannot leave it half done.
 */
export async function storeDocument(service: SupabaseClient, journeyId: string, ydoc: Y.Doc): Promise<{ workspaceId: string } | null> {
	const { data: journey, error: journeyError } = await service.from('journeys').select('workspace_id').eq('id', journeyId).maybeSingle();
	if (journeyError) throw new Error(`Could not store journey ${journeyId}: ${journeyError.message}`);
	if (!journey) return null; // deleted meanwhile: nothing to keep
	const { error } = await service
		.from('journey_documents')
		.upsert({ journey_id: journeyId, workspace_id: journey.workspace_id, state: toBytea(Y.encodeStateAsUpdate(ydoc)) });
	if (error) throw new Error(`Could not store journey ${journeyId}: ${error.message}`);
	await project(service, journeyId, readDocument(ydoc));
	return { workspaceId: journey.workspace_id as string };
}

export async function project(service: SupabaseClient, journeyId: string, doc: JourneyDocument): Promise<void> {
	// Position = order inside the lane, top to bottom.
	const order = [...doc.touchpoints].sort((a, b) => a.y - b.y || a.x - b.x);
	const { error } = await service.rpc('project_journey', {
		p_journey_id: journeyId,
		p_stages: doc.stages.map((s, position) => ({ id: s.id, name: s.name, position })),
		p_touchpoints: order.map((t, position) => ({
			id: t.id,
			stageId: t.stageId,
			name: t.name,
			channel: t.channel,
			description: t.description,
			owner: t.owner,
			momentOfTruth: t.momentOfTruth,
			position
		})),
		p_persona_ids: [...new Set(doc.personas.map((p) => p.personaId))].filter((id) => /^[0-9a-f-]{36}$/i.test(id))
	});
	if (error) throw new Error(`Could not project journey ${journeyId}: ${error.message}`);
}
