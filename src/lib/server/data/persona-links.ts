import type { SupabaseClient } from '@supabase/supabase-js';
import * as Y from 'yjs';
import { personaEntity, readDocument, roots } from '#lib/sync/ydoc.js';
import { denied, raise } from './errors.js';

/**
 * Linking a persona to a journey and its touchpoints from the persona's side. The journey's Yjs
 * document is the truth (the canvas draws it, the collaboration server projects its placements
 * into journey_personas on every store), so these change the document through the server's
 * direct connection, like a version restore: an open canvas receives the change live, and it is
 * stored and projected before the call resolves.
 */

type Role = 'owner' | 'editor' | 'viewer';
export interface LiveEditor {
	edit(journeyId: string, body: (doc: Y.Doc) => void, context: { userId: string; role: Role }): Promise<void>;
	currentState(journeyId: string): Promise<Uint8Array>;
}

export interface PersonaRef {
	id: string;
	workspaceId: string;
	name: string;
}

/** Places the persona on the map (left of the lanes, below the other personas) unless it is there; returns the placement id. */
export function placePersonaInDocument(doc: Y.Doc, persona: Pick<PersonaRef, 'id' | 'name'>): string {
	const plain = readDocument(doc);
	const existing = plain.personas.find((p) => p.personaId === persona.id);
	if (existing) return existing.id;
	const id = crypto.randomUUID();
	// Where the canvas toolbar puts a persona it places.
	roots(doc).personas.set(id, personaEntity({ personaId: persona.id, name: persona.name, x: -300, y: 80 + plain.personas.length * 70 }));
	return id;
}

/** Makes the persona's placement linked to exactly these touchpoints (others unlinked); unknown ids are ignored. */
export function setTouchpointLinksInDocument(doc: Y.Doc, placementId: string, touchpointIds: readonly string[]): void {
	const wanted = new Set(touchpointIds);
	for (const [id, entity] of roots(doc).touchpoints.entries()) {
		const current = ((entity.get('personaIds') as string[] | undefined) ?? []).filter((p) => typeof p === 'string');
		const has = current.includes(placementId);
		if (wanted.has(id) && !has) entity.set('personaIds', [...current, placementId]);
		if (!wanted.has(id) && has) entity.set('personaIds', current.filter((p) => p !== placementId));
	}
}

/** Removes every placement of the persona, its touchpoint links and the flows drawn from or to it. */
export function removePersonaFromDocument(doc: Y.Doc, personaId: string): number {
	const r = roots(doc);
	const placements = [...r.personas.entries()].filter(([, e]) => e.get('personaId') === personaId).map(([id]) => id);
	for (const id of placements) {
		setTouchpointLinksInDocument(doc, id, []);
		r.personas.delete(id);
		for (const [edgeId, edge] of [...r.edges.entries()]) if (edge.get('source') === id || edge.get('target') === id) r.edges.delete(edgeId);
	}
	return placements.length;
}

/** As the user: may they edit this journey of this workspace? (A no-op update through RLS, as imports do.) */
async function assertCanEdit(db: SupabaseClient, workspaceId: string, journeyId: string): Promise<void> {
	const { data, error } = await db.from('journeys').update({ archived_at: null }).eq('id', journeyId).eq('workspace_id', workspaceId).is('archived_at', null).select('id');
	if (error?.code === '22P02') denied('change this journey');
	if (error) raise(error, 'change this journey');
	if (!data.length) denied('change this journey');
}

/**
 * Links a persona to a journey (placing it on the map) and, when `touchpointIds` is given, to
 * exactly those touchpoints of it. The caller has read the persona as the user (so it is of
 * this workspace and theirs to see); this checks they may edit the journey.
 */
export async function linkPersona(
	db: SupabaseClient,
	live: LiveEditor,
	userId: string,
	persona: PersonaRef,
	journeyId: string,
	touchpointIds?: readonly string[]
): Promise<string> {
	await assertCanEdit(db, persona.workspaceId, journeyId);
	let placementId = '';
	await live.edit(
		journeyId,
		(doc) =>
			doc.transact(() => {
				placementId = placePersonaInDocument(doc, persona);
				if (touchpointIds) setTouchpointLinksInDocument(doc, placementId, touchpointIds);
			}),
		{ userId, role: 'editor' }
	);
	return placementId;
}

/** Takes the persona off a journey's map (and so out of journey_personas). */
export async function unlinkPersona(db: SupabaseClient, live: LiveEditor, userId: string, persona: Pick<PersonaRef, 'id' | 'workspaceId'>, journeyId: string): Promise<void> {
	await assertCanEdit(db, persona.workspaceId, journeyId);
	await live.edit(journeyId, (doc) => void doc.transact(() => removePersonaFromDocument(doc, persona.id)), { userId, role: 'editor' });
}

/** For the persona page: each linked journey's touchpoints in map order and whether the persona is linked to each. */
export async function linkedTouchpoints(
	live: Pick<LiveEditor, 'currentState'>,
	personaId: string,
	journeyId: string
): Promise<{ placed: boolean; touchpoints: { id: string; name: string; stage: string | null; linked: boolean }[] }> {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, await live.currentState(journeyId));
	const plain = readDocument(doc);
	doc.destroy();
	const placements = new Set(plain.personas.filter((p) => p.personaId === personaId).map((p) => p.id));
	const stageName = new Map(plain.stages.map((s, i) => [s.id, { name: s.name, index: i }]));
	const touchpoints = plain.touchpoints
		.map((t) => ({ t, stage: t.stageId ? stageName.get(t.stageId) : undefined }))
		.sort((a, b) => (a.stage?.index ?? 1e9) - (b.stage?.index ?? 1e9) || a.t.y - b.t.y)
		.map(({ t, stage }) => ({ id: t.id, name: t.name, stage: stage?.name ?? null, linked: t.personaIds.some((p) => placements.has(p)) }));
	return { placed: placements.size > 0, touchpoints };
}
