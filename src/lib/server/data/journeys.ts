import type { SupabaseClient } from '@supabase/supabase-js';
import type { Channel } from '#lib/domain/channels.js';
import { raise } from './errors.js';

export interface JourneyCard {
	id: string;
	name: string;
	description: string;
	updatedAt: string;
	touchpointCount: number;
	personas: { id: string; name: string }[];
}

export interface JourneyOutline {
	id: string;
	name: string;
	description: string;
	stages: { id: string; name: string; touchpoints: { id: string; name: string; channel: Channel }[] }[];
	unstaged: { id: string; name: string; channel: Channel }[];
}

/** Active journeys of a workspace, most recently edited first. */
export async function listJourneys(db: SupabaseClient, workspaceId: string): Promise<JourneyCard[]> {
	const { data, error } = await db
		.from('journeys')
		.select('id, name, description, updated_at, touchpoints(count), journey_personas(personas(id, name))')
		.eq('workspace_id', workspaceId)
		.is('archived_at', null)
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

export async function createJourney(db: SupabaseClient, workspaceId: string, name: string): Promise<string> {
	const { data, error } = await db.from('journeys').insert({ workspace_id: workspaceId, name }).select('id').single();
	if (error) raise(error, 'create journeys');
	return data.id as string;
}

/** Stages in order with their touchpoints: the journey as the tables see it. */
export async function getJourneyOutline(db: SupabaseClient, journeyId: string): Promise<JourneyOutline | null> {
	const [journey, stages, touchpoints] = await Promise.all([
		db.from('journeys').select('id, name, description').eq('id', journeyId).maybeSingle(),
		db.from('stages').select('id, name').eq('journey_id', journeyId).order('position'),
		db.from('touchpoints').select('id, name, channel, stage_id').eq('journey_id', journeyId).order('position')
	]);
	if (journey.error) raise(journey.error, 'open the journey');
	if (stages.error) raise(stages.error, 'read the stages');
	if (touchpoints.error) raise(touchpoints.error, 'read the touchpoints');
	if (!journey.data) return null;
	const byStage = Map.groupBy(touchpoints.data, (t) => t.stage_id as string | null);
	const pick = (t: { id: string; name: string; channel: string }) => ({ id: t.id, name: t.name, channel: t.channel as Channel });
	return {
		...journey.data,
		stages: stages.data.map((s) => ({ id: s.id, name: s.name, touchpoints: (byStage.get(s.id) ?? []).map(pick) })),
		unstaged: (byStage.get(null) ?? []).map(pick)
	};
}
