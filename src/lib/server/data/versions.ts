import type { SupabaseClient } from '@supabase/supabase-js';
import type { JourneyDocument } from '#lib/domain/journey/model.js';
import { decodeState, readDocument } from '#lib/sync/ydoc.js';
import { fromBytea, toBytea } from '../collab/persistence.js';
import { raise } from './errors.js';

import type { VersionKind, VersionSummary } from '#lib/domain/versions.js';

export type { VersionKind, VersionSummary };

interface VersionRow {
	id: string;
	kind: VersionKind;
	name: string;
	created_at: string;
	stage_count: number;
	touchpoint_count: number;
	profiles: { display_name: string; email: string } | null;
}

const SUMMARY = 'id, kind, name, created_at, stage_count, touchpoint_count, profiles(display_name, email)';

const summary = (row: VersionRow): VersionSummary => ({
	id: row.id,
	kind: row.kind,
	name: row.name,
	createdAt: row.created_at,
	author: row.profiles ? row.profiles.display_name || row.profiles.email : null,
	stageCount: row.stage_count,
	touchpointCount: row.touchpoint_count
});

/** A journey's versions, newest first (without their state: the list stays small). */
export async function listVersions(db: SupabaseClient, journeyId: string, limit = 100): Promise<VersionSummary[]> {
	const { data, error } = await db
		.from('journey_snapshots')
		.select(SUMMARY)
		.eq('journey_id', journeyId)
		.order('created_at', { ascending: false })
		.limit(limit)
		.returns<VersionRow[]>();
	if (error) raise(error, 'list the versions of this journey');
	return data.map(summary);
}

/**
 * Stores a version of a journey's map. As the user (RLS: editors and owners) for named versions
 * and restores; as the service role for automatic ones, with the last editor as author.
 */
export async function saveVersion(
	db: SupabaseClient,
	input: { journeyId: string; workspaceId: string; kind: VersionKind; name?: string; state: Uint8Array; createdBy?: string }
): Promise<VersionSummary> {
	const doc = readDocument(decodeState(input.state));
	const { data, error } = await db
		.from('journey_snapshots')
		.insert({
			journey_id: input.journeyId,
			workspace_id: input.workspaceId,
			kind: input.kind,
			name: input.name?.trim() ?? '',
			state: toBytea(input.state),
			stage_count: doc.stages.length,
			touchpoint_count: doc.touchpoints.length,
			...(input.createdBy ? { created_by: input.createdBy } : {})
		})
		.select(SUMMARY)
		.single<VersionRow>();
	if (error) raise(error, 'save a version of this journey');
	return summary(data);
}

/** One version with its map, or null when it does not exist (or is not the caller's to see). */
export async function getVersion(
	db: SupabaseClient,
	journeyId: string,
	versionId: string
): Promise<{ version: VersionSummary; document: JourneyDocument } | null> {
	const { data, error } = await db
		.from('journey_snapshots')
		.select(`${SUMMARY}, state`)
		.eq('journey_id', journeyId)
		.eq('id', versionId)
		.maybeSingle<VersionRow & { state: string }>();
	if (error?.code === '22P02') return null; // not a uuid
	if (error) raise(error, 'open this version');
	if (!data) return null;
	return { version: summary(data), document: readDocument(decodeState(fromBytea(data.state))) };
}

/** When the newest version of a journey was taken (automatic snapshots are spaced by it). */
export async function lastVersionAt(db: SupabaseClient, journeyId: string): Promise<Date | null> {
	const { data, error } = await db
		.from('journey_snapshots')
		.select('created_at')
		.eq('journey_id', journeyId)
		.order('created_at', { ascending: false })
		.limit(1)
		.maybeSingle<{ created_at: string }>();
	if (error) raise(error, 'read the versions of this journey');
	return data ? new Date(data.created_at) : null;
}

/** What the versions functions need of the collaboration server (the live documents). */
export interface LiveDocuments {
	currentState(journeyId: string): Promise<Uint8Array>;
	replace(journeyId: string, document: JourneyDocument, context: { userId: string; role: 'owner' | 'editor' | 'viewer' }): Promise<void>;
	notify(journeyId: string, notice: 'versions'): void;
}

interface JourneyRef {
	id: string;
	workspaceId: string;
}

/** Saves the map as it is now under a name ("before workshop"). As the user: editors and owners only. */
export async function saveNamedVersion(db: SupabaseClient, live: LiveDocuments, journey: JourneyRef, name: string): Promise<VersionSummary> {
	const state = await live.currentState(journey.id);
	const version = await saveVersion(db, { journeyId: journey.id, workspaceId: journey.workspaceId, kind: 'named', name, state });
	live.notify(journey.id, 'versions');
	return version;
}

/**
 * Restores a version: first keeps the map as it is now (a "restore" version, so the restore can
 * itself be undone by restoring that one), then makes the live map equal to the chosen version.
 * The backup is written as the user, so RLS refuses viewers before anything changes.
 */
export async function restoreVersion(
	db: SupabaseClient,
	live: LiveDocuments,
	journey: JourneyRef,
	versionId: string,
	userId: string
): Promise<{ restored: VersionSummary; backup: VersionSummary } | null> {
	const chosen = await getVersion(db, journey.id, versionId);
	if (!chosen) return null;
	const label = chosen.version.name || `automatic version of ${new Date(chosen.version.createdAt).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
	const backup = await saveVersion(db, {
		journeyId: journey.id,
		workspaceId: journey.workspaceId,
		kind: 'restore',
		name: `Before restoring “${label}”`.slice(0, 120),
		state: await live.currentState(journey.id)
	});
	await live.replace(journey.id, chosen.document, { userId, role: 'editor' });
	live.notify(journey.id, 'versions');
	return { restored: chosen.version, backup };
}
