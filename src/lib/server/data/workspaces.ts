import type { SupabaseClient } from '@supabase/supabase-js';
import { denied, raise } from './errors.js';

export type Role = 'owner' | 'editor' | 'viewer';
export const ROLES: Role[] = ['owner', 'editor', 'viewer'];

export interface WorkspaceSummary {
	id: string;
	name: string;
	role: Role;
}

export interface Member {
	userId: string;
	email: string;
	displayName: string;
	role: Role;
}

export interface Invitation {
	id: string;
	email: string;
	role: Role;
	createdAt: string;
}

/** The signed-in user's workspaces with their role in each, alphabetically. */
export async function listMyWorkspaces(db: SupabaseClient, userId: string): Promise<WorkspaceSummary[]> {
	const { data, error } = await db
		.from('workspace_members')
		.select('role, workspaces(id, name)')
		.eq('user_id', userId)
		.returns<{ role: Role; workspaces: { id: string; name: string } }[]>();
	if (error) raise(error, 'list your workspaces');
	return data
		.map((row) => ({ id: row.workspaces.id, name: row.workspaces.name, role: row.role }))
		.sort((a, b) => a.name.localeCompare(b.name));
}

export async function createWorkspace(db: SupabaseClient, name: string): Promise<string> {
	const { data, error } = await db.rpc('create_workspace', { p_name: name });
	if (error) raise(error, 'create the workspace');
	return (data as { id: string }).id;
}

export async function renameWorkspace(db: SupabaseClient, id: string, name: string): Promise<void> {
	const { data, error } = await db.from('workspaces').update({ name }).eq('id', id).select('id');
	if (error) raise(error, 'rename the workspace');
	if (data.length === 0) denied('rename the workspace');
}

export async function deleteWorkspace(db: SupabaseClient, id: string): Promise<void> {
	const { data, error } = await db.from('workspaces').delete().eq('id', id).select('id');
	if (error) raise(error, 'delete the workspace');
	if (data.length === 0) denied('delete the workspace');
}

export async function listMembers(db: SupabaseClient, workspaceId: string): Promise<Member[]> {
	const { data, error } = await db
		.from('workspace_members')
		.select('user_id, role, profiles!inner(email, display_name)')
		.eq('workspace_id', workspaceId)
		.returns<{ user_id: string; role: Role; profiles: { email: string; display_name: string } }[]>();
	if (error) raise(error, 'list the members');
	const order = { owner: 0, editor: 1, viewer: 2 };
	return data
		.map((m) => ({ userId: m.user_id, role: m.role, email: m.profiles.email, displayName: m.profiles.display_name }))
		.sort((a, b) => order[a.role] - order[b.role] || a.email.localeCompare(b.email));
}

export async function listInvitations(db: SupabaseClient, workspaceId: string): Promise<Invitation[]> {
	const { data, error } = await db
		.from('workspace_invitations')
		.select('id, email, role, created_at')
		.eq('workspace_id', workspaceId)
		.order('created_at');
	if (error) raise(error, 'list the invitations');
	return data.map((i) => ({ id: i.id, email: i.email, role: i.role as Role, createdAt: i.created_at }));
}

/** Adds an existing user at once, or records an invitation that sign-up accepts ('member': already in). */
export async function inviteMember(db: SupabaseClient, workspaceId: string, email: string, role: Role): Promise<'added' | 'invited' | 'member'> {
	const { data, error } = await db.rpc('invite_member', { p_workspace_id: workspaceId, p_email: email, p_role: role });
	if (error) raise(error, 'invite members');
	return data as 'added' | 'invited' | 'member';
}

export async function changeRole(db: SupabaseClient, workspaceId: string, userId: string, role: Role): Promise<void> {
	const { data, error } = await db.from('workspace_members').update({ role }).eq('workspace_id', workspaceId).eq('user_id', userId).select('user_id');
	if (error) raise(error, 'change roles');
	if (data.length === 0) denied('change roles');
}

/** Removes a member (owners), or the caller themselves (leaving). */
export async function removeMember(db: SupabaseClient, workspaceId: string, userId: string): Promise<void> {
	const { data, error } = await db.from('workspace_members').delete().eq('workspace_id', workspaceId).eq('user_id', userId).select('user_id');
	if (error) raise(error, 'remove members');
	if (data.length === 0) denied('remove members');
}

export async function revokeInvitation(db: SupabaseClient, workspaceId: string, invitationId: string): Promise<void> {
	const { error } = await db.from('workspace_invitations').delete().eq('workspace_id', workspaceId).eq('id', invitationId);
	if (error) raise(error, 'revoke the invitation');
}
