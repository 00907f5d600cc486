import type { SupabaseClient } from '@supabase/supabase-js';
import type { FrictionRow } from '#lib/domain/friction/hotspots.js';
import type { MetricFilters } from './metrics.js';

/** Friction and the experience curve of a journey (RPCs of 20261201140000_friction.sql and 20261201170000_experience.sql). */

export interface StageExperience {
	stage_id: string;
	stage_name: string;
	experience: number | null;
	experience_low: number | null;
	experience_high: number | null;
	nps_n: number;
	csat_n: number;
	ces_n: number;
}

const params = (f: MetricFilters) => ({ p_from: f.from, p_to: f.to, p_persona_id: f.personaId, p_channel: f.channel });

export async function journeyFriction(db: SupabaseClient, workspaceId: string, journeyId: string, filters: MetricFilters): Promise<FrictionRow[]> {
	const { data, error } = await db.rpc('friction_hotspots', { p_workspace_id: workspaceId, p_journey_id: journeyId, ...params(filters) });
	if (error) throw new Error(`Could not load friction: ${error.message}`);
	return data as FrictionRow[];
}

export async function stageExperience(db: SupabaseClient, journeyId: string, filters: MetricFilters): Promise<StageExperience[]> {
	const { data, error } = await db.rpc('stage_experience', { p_journey_id: journeyId, ...params(filters) });
	if (error) throw new Error(`Could not load the experience curve: ${error.message}`);
	return data as StageExperience[];
}
