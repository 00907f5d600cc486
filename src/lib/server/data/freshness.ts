import type { SupabaseClient } from '@supabase/supabase-js';
import { dataFreshness, freshnessByJourney, type DataFreshness, type FreshnessRow, type JourneyFreshness } from '#lib/domain/digest.js';
import { DataError, denied, raise } from './errors.js';

/**
 * The stale-map guard over supabase-js as the user: when a journey's map and data were last
 * updated, which touchpoints are silent (`touchpoint_freshness`, `workspace_freshness`), and the
 * workspace's "stale after N weeks" setting. RLS decides what a member sees.
 */

/** The journey page's indicator; null when the journey is not readable. */
export async function loadJourneyFreshness(db: SupabaseClient, journeyId: string): Promise<JourneyFreshness | null> {
	const [journey, rows] = await Promise.all([
		db.from('journeys').select('updated_at, workspaces(stale_after_weeks)').eq('id', journeyId).maybeSingle<{ updated_at: string; workspaces: { stale_after_weeks: number } }>(),
		db.rpc('touchpoint_freshness', { p_journey_id: journeyId })
	]);
	if (journey.error?.code === '22P02') return null;
	if (journey.error) raise(journey.error, 'read when the journey was updated');
	if (rows.error) raise(rows.error, 'read when the touchpoints last received data');
	if (!journey.data) return null;
	return { ...dataFreshness(rows.data as FreshnessRow[]), mapUpdatedAt: journey.data.updated_at, staleAfterWeeks: journey.data.workspaces.stale_after_weeks };
}

export async function getStaleAfterWeeks(db: SupabaseClient, workspaceId: string): Promise<number> {
	const { data, error } = await db.from('workspaces').select('stale_after_weeks').eq('id', workspaceId).maybeSingle<{ stale_after_weeks: number }>();
	if (error) raise(error, 'read the stale-map setting');
	if (!data) throw new DataError('This workspace is not (or no longer) one of yours.');
	return data.stale_after_weeks;
}

/** Every active journey's data freshness, from one call, and the workspace's N. */
export async function loadWorkspaceFreshness(db: SupabaseClient, workspaceId: string): Promise<{ staleAfterWeeks: number; byJourney: Map<string, DataFreshness> }> {
	const [weeks, rows] = await Promise.all([getStaleAfterWeeks(db, workspaceId), db.rpc('workspace_freshness', { p_workspace_id: workspaceId })]);
	if (rows.error) raise(rows.error, 'read when the touchpoints last received data');
	return { staleAfterWeeks: weeks, byJourney: freshnessByJourney(rows.data as FreshnessRow[]) };
}

/** Owners only (the workspaces update policy); 1–104 is the column's check. */
export async function setStaleAfterWeeks(db: SupabaseClient, workspaceId: string, weeks: number): Promise<void> {
	const { data, error } = await db.from('workspaces').update({ stale_after_weeks: weeks }).eq('id', workspaceId).select('id');
	if (error) raise(error, 'change the stale-map setting');
	if (data.length === 0) denied('change the stale-map setting (owners only)');
}
