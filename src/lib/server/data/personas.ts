import type { SupabaseClient } from '@supabase/supabase-js';
import type { Persona } from '#lib/domain/personas.js';
import { personaRow, type PersonaInput } from '#lib/domain/personas-form.js';
import { DataError, denied, raise } from './errors.js';
import { photoKey, MAX_PHOTO_BYTES, sniffImage, type PhotoStore, type StoredPhoto } from './persona-photos.js';

/**
 * The workspace's persona library through supabase-js as the user: RLS lets members read and
 * editors write (private.enable_content_rls). Photos go through a PhotoStore (persona-photos.ts);
 * the row's photo_key says which one is current.
 */

const COLUMNS =
	'id, workspace_id, name, photo_url, photo_key, quote, role, age_range, location, bio, goals, pains, motivations, behaviours, channels, tech_comfort, needs, scenario, tags, archived_at, created_at, updated_at';

interface PersonaRow {
	id: string;
	workspace_id: string;
	name: string;
	photo_url: string | null;
	photo_key: string | null;
	quote: string;
	role: string;
	age_range: string;
	location: string;
	bio: string;
	goals: string[];
	pains: string[];
	motivations: string[];
	behaviours: string[];
	channels: string[];
	tech_comfort: number | null;
	needs: string[];
	scenario: string;
	tags: string[];
	archived_at: string | null;
	created_at: string;
	updated_at: string;
}

/** The app route that serves an uploaded photo; the key's version part busts caches when it changes. */
export const photoRoute = (workspaceId: string, personaId: string, key: string) =>
	`/w/${workspaceId}/personas/${personaId}/photo?v=${encodeURIComponent(key.slice(key.lastIndexOf('-') + 1, key.lastIndexOf('.')))}`;

function toPersona(row: PersonaRow): Persona {
	return {
		id: row.id,
		workspaceId: row.workspace_id,
		name: row.name,
		photoUrl: row.photo_key ? photoRoute(row.workspace_id, row.id, row.photo_key) : row.photo_url,
		quote: row.quote,
		role: row.role,
		ageRange: row.age_range,
		location: row.location,
		bio: row.bio,
		goals: row.goals,
		pains: row.pains,
		motivations: row.motivations,
		behaviours: row.behaviours,
		channels: row.channels,
		techComfort: row.tech_comfort,
		needs: row.needs,
		scenario: row.scenario,
		tags: row.tags,
		archivedAt: row.archived_at,
		createdAt: row.created_at,
		updatedAt: row.updated_at
	};
}

/** The workspace's personas by name: the live ones, or with `includeArchived` every one. */
export async function listPersonas(db: SupabaseClient, workspaceId: string, { includeArchived = false } = {}): Promise<Persona[]> {
	let query = db.from('personas').select(COLUMNS).eq('workspace_id', workspaceId);
	if (!includeArchived) query = query.is('archived_at', null);
	const { data, error } = await query.order('name').returns<PersonaRow[]>();
	if (error) raise(error, 'list personas');
	return data.map(toPersona);
}

/** One persona of the workspace, or null (no such persona, not a uuid, or not the caller's to see). */
export async function getPersona(db: SupabaseClient, workspaceId: string, personaId: string): Promise<Persona | null> {
	const { data, error } = await db.from('personas').select(COLUMNS).eq('workspace_id', workspaceId).eq('id', personaId).maybeSingle<PersonaRow>();
	if (error?.code === '22P02') return null;
	if (error) raise(error, 'open this persona');
	return data ? toPersona(data) : null;
}

export async function createPersona(db: SupabaseClient, workspaceId: string, input: PersonaInput): Promise<string> {
	const { data, error } = await db.from('personas').insert({ workspace_id: workspaceId, ...personaRow(input) }).select('id');
	if (error) raise(error, 'create the persona');
	if (!data.length) denied('create the persona');
	return data[0]!.id as string;
}

/** Changes columns of one persona as the user; nothing changed = RLS said no. */
async function change(db: SupabaseClient, workspaceId: string, personaId: string, patch: Record<string, unknown>, what: string) {
	const { data, error } = await db.from('personas').update(patch).eq('workspace_id', workspaceId).eq('id', personaId).select('id');
	if (error) raise(error, what);
	if (!data.length) denied(what);
}

export const updatePersona = (db: SupabaseClient, workspaceId: string, personaId: string, input: PersonaInput) =>
	change(db, workspaceId, personaId, personaRow(input), 'save the persona');

export const setPersonaArchived = (db: SupabaseClient, workspaceId: string, personaId: string, archived: boolean) =>
	change(db, workspaceId, personaId, { archived_at: archived ? new Date().toISOString() : null }, archived ? 'archive the persona' : 'restore the persona');

/** The journeys a persona is placed on (journey_personas, projected from the maps), by name. */
export async function personaJourneys(db: SupabaseClient, personaId: string): Promise<{ id: string; name: string; archived: boolean }[]> {
	const { data, error } = await db
		.from('journey_personas')
		.select('journeys(id, name, archived_at)')
		.eq('persona_id', personaId)
		.returns<{ journeys: { id: string; name: string; archived_at: string | null } | null }[]>();
	if (error) raise(error, 'list the journeys of this persona');
	return data
		.flatMap((r) => (r.journeys ? [{ id: r.journeys.id, name: r.journeys.name, archived: r.journeys.archived_at !== null }] : []))
		.sort((a, b) => a.name.localeCompare(b.name));
}

/** Stores a new photo (already cropped by the browser) and makes it the persona's; the old one is removed. */
export async function setPersonaPhoto(db: SupabaseClient, store: PhotoStore, persona: Pick<Persona, 'id' | 'workspaceId'>, bytes: Uint8Array): Promise<string> {
	if (bytes.byteLength > MAX_PHOTO_BYTES) throw new DataError('The photo is larger than 2 MB.');
	const extension = sniffImage(bytes);
	if (!extension) throw new DataError('The photo must be a JPEG, PNG or WebP image.');
	const previous = await currentKey(db, persona);
	const key = photoKey(persona.workspaceId, persona.id, extension);
	await store.put(key, bytes);
	try {
		await change(db, persona.workspaceId, persona.id, { photo_key: key, photo_url: null }, 'change the photo');
	} catch (error) {
		await store.remove(key);
		throw error;
	}
	if (previous && previous !== key) await store.remove(previous).catch(() => undefined);
	return key;
}

export async function removePersonaPhoto(db: SupabaseClient, store: PhotoStore, persona: Pick<Persona, 'id' | 'workspaceId'>): Promise<void> {
	const previous = await currentKey(db, persona);
	await change(db, persona.workspaceId, persona.id, { photo_key: null, photo_url: null }, 'remove the photo');
	if (previous) await store.remove(previous).catch(() => undefined);
}

/** The photo as a member sees it: RLS on the row decides, the store only serves what the row names. */
export async function readPersonaPhoto(db: SupabaseClient, store: PhotoStore, workspaceId: string, personaId: string): Promise<StoredPhoto | null> {
	const key = await currentKey(db, { id: personaId, workspaceId });
	return key ? store.get(key) : null;
}

async function currentKey(db: SupabaseClient, persona: Pick<Persona, 'id' | 'workspaceId'>): Promise<string | null> {
	const { data, error } = await db.from('personas').select('photo_key').eq('workspace_id', persona.workspaceId).eq('id', persona.id).maybeSingle<{ photo_key: string | null }>();
	if (error?.code === '22P02') return null;
	if (error) raise(error, 'read the photo');
	return data?.photo_key ?? null;
}

/** A copy of a persona ("… (copy)"), with a copy of its photo; not placed on any journey. */
export async function duplicatePersona(db: SupabaseClient, store: PhotoStore, persona: Persona): Promise<string> {
	const { id: _id, workspaceId, photoUrl: _photo, archivedAt: _a, createdAt: _c, updatedAt: _u, ...fields } = persona;
	const name = `${fields.name} (copy)`.slice(0, 120);
	const id = await createPersona(db, workspaceId, { ...fields, name });
	const photo = await readPersonaPhoto(db, store, workspaceId, persona.id);
	if (photo) await setPersonaPhoto(db, store, { id, workspaceId }, photo.bytes);
	else if (persona.photoUrl) await change(db, workspaceId, id, { photo_url: persona.photoUrl }, 'copy the photo');
	return id;
}

/** Deletes the row (journey_personas rows go with it) and then its photo. */
export async function deletePersonaRow(db: SupabaseClient, store: PhotoStore, persona: Pick<Persona, 'id' | 'workspaceId'>): Promise<void> {
	const previous = await currentKey(db, persona);
	const { data, error } = await db.from('personas').delete().eq('workspace_id', persona.workspaceId).eq('id', persona.id).select('id');
	if (error) raise(error, 'delete the persona');
	if (!data.length) denied('delete the persona');
	if (previous) await store.remove(previous).catch(() => undefined);
}
