import type { SupabaseClient } from '@supabase/supabase-js';

/** A journey's business inputs (journey_outcomes) and its touchpoints' importance weights, as the user. */
export interface Outcomes {
	customers_at_start: number | null;
	customers_at_end: number | null;
	new_customers: number | null;
	customers_lost: number | null;
	average_purchase_value: number | null;
	purchase_frequency: number | null;
	lifespan: number | null;
	margin: number | null;
}

export const OUTCOME_FIELDS: readonly (keyof Outcomes)[] = [
	'customers_at_start',
	'customers_at_end',
	'new_customers',
	'customers_lost',
	'average_purchase_value',
	'purchase_frequency',
	'lifespan',
	'margin'
];

/** `_version` lets a view reload after saving (a new value re-runs the derived promise). */
export async function loadOutcomes(db: SupabaseClient, journeyId: string, _version = 0): Promise<{ outcomes: Outcomes | null; importance: Map<string, number> }> {
	const [o, t] = await Promise.all([
		db.from('journey_outcomes').select(OUTCOME_FIELDS.join(', ')).eq('journey_id', journeyId).maybeSingle<Outcomes>(),
		db.from('touchpoints').select('id, importance').eq('journey_id', journeyId).is('archived_at', null)
	]);
	if (o.error) throw new Error(`Could not load the outcomes: ${o.error.message}`);
	if (t.error) throw new Error(`Could not load the touchpoints: ${t.error.message}`);
	return { outcomes: o.data, importance: new Map((t.data ?? []).map((r) => [r.id as string, Number(r.importance)])) };
}

export async function saveOutcomes(db: SupabaseClient, workspaceId: string, journeyId: string, outcomes: Outcomes): Promise<void> {
	const { error } = await db.from('journey_outcomes').upsert({ journey_id: journeyId, workspace_id: workspaceId, ...outcomes }, { onConflict: 'journey_id' });
	if (error) throw new Error(error.code === '42501' ? 'Only editors can change the outcomes.' : `Could not save: ${error.message}`);
}
