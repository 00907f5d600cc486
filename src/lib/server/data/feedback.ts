import type { SupabaseClient } from '@supabase/supabase-js';
import type { ThemeFilters } from '#lib/domain/feedback/filters.js';
import { scoreSentiment } from '#lib/domain/feedback/sentiment.js';
import { topThemes, type Theme, type ThemeItem, type ThemeSentiment } from '#lib/domain/feedback/themes.js';
import { raise } from './errors.js';

/**
 * Feedback analysis read through the user's supabase-js client, so RLS decides what is seen
 * (members of the touchpoint's workspace). Themes: #lib/domain/feedback/themes.ts.
 */

/** Themes are found in at most this many items: the latest of the touchpoint (bounded cost). */
export const THEME_SAMPLE = 2000;
const PAGE_ROWS = 1000;

export interface TouchpointThemes {
	themes: Theme[];
	/** Items analysed (at most THEME_SAMPLE, the newest). */
	items: number;
	/** True when the touchpoint has more matching items than were analysed. */
	truncated: boolean;
	/** Why there are no themes although the touchpoint may have feedback. */
	note?: string;
}

/**
 * Top themes of a touchpoint's feedback under the panel's filters. Null when the touchpoint
 * does not exist or the user cannot read it (the route answers 404). Items stored without a
 * sentiment (from before sentiment was computed on arrival) are scored here, not written back.
 */
export async function touchpointThemes(db: SupabaseClient, touchpointId: string, filters: ThemeFilters): Promise<TouchpointThemes | null> {
	const { data: touchpoint, error: tpError } = await db.from('touchpoints').select('id').eq('id', touchpointId).maybeSingle();
	if (tpError?.code === '22P02') return null;
	if (tpError) raise(tpError, 'read the touchpoint');
	if (!touchpoint) return null;
	// Feedback carries no channel: under a channel filter there is none (as in touchpoint_metrics).
	if (filters.channel) return { themes: [], items: 0, truncated: false, note: 'Feedback has no channel: clear the channel filter to see its themes.' };

	// PostgREST answers at most 1,000 rows per request (PGRST_DB_MAX_ROWS): read in pages.
	type Row = { id: number; body: string; sentiment: ThemeSentiment | null };
	const rows: Row[] = [];
	let more = false;
	for (let offset = 0; offset <= THEME_SAMPLE; offset += PAGE_ROWS) {
		let query = db.from('feedback').select('id, body, sentiment').eq('touchpoint_id', touchpointId);
		if (filters.from) query = query.gte('created_at', filters.from);
		if (filters.to) query = query.lt('created_at', filters.to);
		if (filters.personaId) query = query.eq('persona_id', filters.personaId);
		if (filters.source) query = query.eq('source', filters.source);
		// One row past the sample tells whether there were more.
		const end = Math.min(offset + PAGE_ROWS, THEME_SAMPLE + 1) - 1;
		const { data, error } = await query
			.order('created_at', { ascending: false })
			.order('id', { ascending: false })
			.range(offset, end)
			.returns<Row[]>();
		if (error) raise(error, 'read the feedback of this touchpoint');
		rows.push(...data);
		if (data.length < end - offset + 1) break;
	}
	if (rows.length > THEME_SAMPLE) {
		more = true;
		rows.length = THEME_SAMPLE;
	}
	const items: ThemeItem[] = rows.map((r) => ({ id: r.id, body: r.body, sentiment: r.sentiment ?? scoreSentiment(r.body).label }));
	return { themes: topThemes(items, { limit: filters.limit }), items: items.length, truncated: more };
}
