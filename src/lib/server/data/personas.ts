import type { SupabaseClient } from '@supabase/supabase-js';
import { raise } from './errors.js';

export interface PersonaCard {
	id: string;
	name: string;
	role: string;
	quote: string;
	goals: string[];
	pains: string[];
	channels: string[];
}

/** The workspace's persona library (not archived), by name. */
export async function listPersonas(db: SupabaseClient, workspaceId: string): Promise<PersonaCard[]> {
	const { data, error } = await db
		.from('personas')
		.select('id, name, role, quote, goals, pains, channels')
		.eq('workspace_id', workspaceId)
		.is('archived_at', null)
		.order('name');
	if (error) raise(error, 'list personas');
	return data;
}
