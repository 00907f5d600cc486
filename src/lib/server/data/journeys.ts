import type { SupabaseClient } from '@supabase/supabase-js';
import * as Y from 'yjs';
import { withFreshIds } from '#lib/domain/journey/import.js';
import { emptyDocument, type JourneyDocument } from '#lib/domain/journey/model.js';
import { readDocument } from '#lib/sync/ydoc.js';
import { fromBytea, project, stateOf, toBytea } from '../collab/persistence.js';
import { denied, raise } from './errors.js';

export interface JourneyCard {
	id: string;
	name: string;
	description: string;
	updatedAt: string;
	touchpointCount: number;
	personas: { id: string; name: string }[];
}

/** Journeys of a workspace (active, or the archived ones), most recently edited first. */
export async function listJourneys(db: SupabaseClient, workspaceId: string, archived = false): Promise<JourneyCard[]> {
	const query = db
		.from('journeys')
		.select('id, name, description, updated_at, touchpoints(count), journey_personas(personas(id, name))')
		.eq('workspace_id', workspaceId)
		.is('touchpoints.archived_at', null);
	const { data, error } = await (archived ? query.not('archived_at', 'is', null) : query.is('archived_at', null))
		.order('updated_at', { ascending: false })
		.returns<
			{
				id: string;
				name: string;
				description: string;
				updated_at: string;
				touchpoints: { count: number }[];
				journey_personas: { personas: { id: string; name: string } }[];
			}[]
		>();
	if (error) raise(error, 'list journeys');
	return data.map((j) => ({
		id: j.id,
		name: j.name,
		description: j.description,
		updatedAt: j.updated_at,
		touchpointCount: j.touchpoints[0]?.count ?? 0,
		personas: j.journey_personas.map((jp) => jp.personas)
	}));
}

/**
 * Creates a journey with its canvas: the row (as the user: RLS decides), the Yjs document and
 * its projection into stages and touchpoints. Every id in the document is replaced by a fresh one.
 */
export async function createJourney(
	db: SupabaseClient,
	service: SupabaseClient,
	workspaceId: string,
	input: { name: string; description?: string; document?: JourneyDocument }
): Promise<string> {
	const { data, error } = await db
		.from('journeys')
		.insert({ workspace_id: workspaceId, name: input.name, description: input.description ?? '' })
		.select('id')
		.single();
	if (error) raise(error, 'create journeys');
	const journeyId = data.id as string;
	const doc = withFreshIds(input.document ?? emptyDocument(), () => crypto.randomUUID());
	const stored = await db.from('journey_documents').insert({ journey_id: journeyId, workspace_id: workspaceId, state: toBytea(stateOf(doc)) });
	if (stored.error) raise(stored.error, 'store the new journey');
	// The projection function is service-only; the user's right to this journey was checked above.
	await project(service, journeyId, doc);
	return journeyId;
}

/** The journey's canvas as plain data (for duplicate and export on the server). */
export async function readJourneyDocument(db: SupabaseClient, journeyId: string): Promise<JourneyDocument | null> {
	const { data, error } = await db.from('journey_documents').select('state').eq('journey_id', journeyId).maybeSingle();
	if (error) raise(error, 'read the journey');
	if (!data) return null;
	const ydoc = new Y.Doc();
	Y.applyUpdate(ydoc, fromBytea(data.state as string));
	return readDocument(ydoc);
}

export async function duplicateJourney(db: SupabaseClient, service: SupabaseClient, journeyId: string): Promise<string> {
	const journey = await getJourney(db, journeyId);
	if (!journey) denied('duplicate this journey');
	const document = (await readJourneyDocument(db, journeyId)) ?? emptyDocument();
	return createJourney(db, service, journey.workspaceId, { name: `${journey.name} (copy)`.slice(0, 200), description: journey.description, document });
}

export async function updateJourney(db: SupabaseClient, journeyId: string, patch: { name?: string; archived?: boolean }) {
	const row: Record<string, unknown> = {};
	if (patch.name !== undefined) row.name = patch.name;
	if (patch.archived !== undefined) row.archived_at = patch.archived ? new Date().toISOString() : null;
	const { data, error } = await db.from('journeys').update(row).eq('id', journeyId).select('id');
	if (error) raise(error, 'change the journey');
	if (data.length === 0) denied('change this journey');
}

/** Deletes a journey and everything attached to it (responses, comments, cases included). */
export async function deleteJourney(db: SupabaseClient, journeyId: string) {
	const { data, error } = await db.from('journeys').delete().eq('id', journeyId).select('id');
	if (error) raise(error, 'delete the journey');
	if (data.length === 0) denied('delete this journey');
}

export interface JourneyMeta {
	id: string;
	workspaceId: string;
	name: string;
	description: string;
}

export async function getJourney(db: SupabaseClient, journeyId: string): Promise<JourneyMeta | null> {
	const { data, error } = await db.from('journeys').select('id, workspace_id, name, description').eq('id', journeyId).maybeSingle();
	if (error?.code === '22P02') return null; // not a uuid
	if (error) raise(error, 'open the journey');
	return data && { id: data.id, workspaceId: data.workspace_id, name: data.name, description: data.description };
}

