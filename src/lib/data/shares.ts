import type { SupabaseClient } from '@supabase/supabase-js';
import { expiryFrom, type ShareExpiry } from '#lib/domain/sharing.js';

/**
 * Read-only share links of a journey or a persona, through supabase-js as the signed-in user
 * (browser or server). RLS decides: members list them, owners and editors create and revoke.
 * The token is made here (32 random bytes) and only its SHA-256 goes to the database, so the
 * full link exists only in the creator's hands: it is returned once, by createShareLink.
 */
export type ShareTarget = { journeyId: string } | { personaId: string };

export interface ShareLink {
	id: string;
	label: string;
	createdAt: string;
	expiresAt: string | null;
	revokedAt: string | null;
}

export interface CreatedShareLink extends ShareLink {
	/** The secret part of the link; not stored, not shown again. */
	token: string;
}

interface ShareRow {
	id: string;
	label: string;
	created_at: string;
	expires_at: string | null;
	revoked_at: string | null;
}

const COLUMNS = 'id, label, created_at, expires_at, revoked_at';

const toLink = (row: ShareRow): ShareLink => ({ id: row.id, label: row.label, createdAt: row.created_at, expiresAt: row.expires_at, revokedAt: row.revoked_at });

/** 256 random bits as 43 base64url characters. */
export function newShareToken(): string {
	const bytes = crypto.getRandomValues(new Uint8Array(32));
	return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Hex SHA-256 of the token, as share_links.token_hash and the SQL lookup compute it. */
export async function hashShareToken(token: string): Promise<string> {
	const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token));
	return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

function check<T>(result: { data: T | null; error: { code?: string; message: string } | null }, what: string): T {
	if (result.error?.code === '42501') throw new Error('Only owners and editors can manage share links.');
	if (result.error) throw new Error(`Could not ${what}: ${result.error.message}`);
	return result.data as T;
}

/** Live links first (newest first), then revoked and expired ones. */
export async function listShareLinks(db: SupabaseClient, target: ShareTarget): Promise<ShareLink[]> {
	const query = db.from('share_links').select(COLUMNS);
	const filtered = 'journeyId' in target ? query.eq('journey_id', target.journeyId) : query.eq('persona_id', target.personaId);
	const rows = check(await filtered.order('created_at', { ascending: false }).returns<ShareRow[]>(), 'load the share links');
	return rows.map(toLink);
}

export async function createShareLink(
	db: SupabaseClient,
	input: { workspaceId: string; target: ShareTarget; label?: string; expiry: ShareExpiry },
	now = new Date()
): Promise<CreatedShareLink> {
	const label = (input.label ?? '').trim();
	if (label.length > 200) throw new Error('Keep the label under 200 characters.');
	const expiresAt = expiryFrom(input.expiry, now);
	if (expiresAt && expiresAt.getTime() <= now.getTime()) throw new Error('Pick an expiry in the future.');
	const token = newShareToken();
	const row: Record<string, string | null> = {
		workspace_id: input.workspaceId,
		...('journeyId' in input.target ? { journey_id: input.target.journeyId } : { persona_id: input.target.personaId }),
		token_hash: await hashShareToken(token),
		label,
		// created_by defaults to auth.uid(); the insert policy insists on it.
		expires_at: expiresAt?.toISOString() ?? null
	};
	const created = check(await db.from('share_links').insert(row).select(COLUMNS).single<ShareRow>(), 'create the share link');
	return { ...toLink(created), token };
}

/** Revokes a live link at once: its page says it no longer works, followers are cut off. */
export async function revokeShareLink(db: SupabaseClient, linkId: string): Promise<void> {
	const result = await db.from('share_links').update({ revoked_at: new Date().toISOString() }).eq('id', linkId).select('id');
	if (check(result, 'revoke the share link').length === 0) throw new Error('That link is already revoked, or you cannot revoke it.');
}

export interface WorkspaceShareLink extends ShareLink {
	kind: 'journey' | 'persona';
	targetId: string;
	targetName: string;
}

interface WorkspaceShareRow extends ShareRow {
	journey_id: string | null;
	persona_id: string | null;
	journeys: { name: string } | null;
	personas: { name: string } | null;
}

/** Every link of a workspace with what it opens, newest first (Settings → Share links). */
export async function listWorkspaceShareLinks(db: SupabaseClient, workspaceId: string): Promise<WorkspaceShareLink[]> {
	const result = await db
		.from('share_links')
		.select(`${COLUMNS}, journey_id, persona_id, journeys(name), personas(name)`)
		.eq('workspace_id', workspaceId)
		.order('created_at', { ascending: false })
		.returns<WorkspaceShareRow[]>();
	return check(result, 'load the share links').map((row) => ({
		...toLink(row),
		kind: row.journey_id ? 'journey' : 'persona',
		targetId: (row.journey_id ?? row.persona_id)!,
		targetName: row.journeys?.name ?? row.personas?.name ?? ''
	}));
}
