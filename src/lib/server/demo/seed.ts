import type { SupabaseClient } from '@supabase/supabase-js';
import { DEMO_ACTIONS, DEMO_TEAMS } from '#lib/domain/demo/actions.js';
import { demoShipDate, generateDemo, type DemoData } from '#lib/domain/demo/generate.js';
import { DEMO_JOURNEY_DESCRIPTION, DEMO_JOURNEY_NAME, DEMO_TARGETS } from '#lib/domain/demo/journey.js';
import { LocalAuth } from '../auth/local.js';
import type { Stack } from '../stack/index.js';
import { serviceClient } from '../supabase.js';
import { demoDocument } from '#lib/domain/demo/document.js';
import { stateOf, toBytea } from '../collab/persistence.js';
import { refreshAlerts } from '../data/notifications.js';
import { DEMO_PERSONA_CARDS } from '#lib/domain/demo/persona-cards.js';

export const DEMO_EMAIL = 'demo@journey.studio';
export const DEMO_PASSWORD = 'journey-demo';
export const DEMO_WORKSPACE_NAME = 'Demo workspace';

export interface SeedReport {
	workspaceId: string;
	journeyId: string;
	counts: { touchpoints: number; personas: number; responses: number; feedback: number; cases: number };
	milliseconds: number;
}

/** True when the database holds no workspace at all (a fresh data folder). */
export async function databaseIsEmpty(stack: Stack): Promise<boolean> {
	const { count, error } = await serviceClient(stack).from('workspaces').select('id', { count: 'exact', head: true });
	if (error) throw new Error(`Could not inspect the database: ${error.message}`);
	return count === 0;
}

/**
 * Creates (or re-creates) the demo account's workspace with one journey and six months of
 * generated evidence. Deterministic for a given `now`; safe to rerun: the previous demo
 * workspace is deleted first (cascading to everything in it).
 */
export async function seedDemo(stack: Stack, options: { now?: Date; log?: (line: string) => void } = {}): Promise<SeedReport> {
	const started = performance.now();
	const service = serviceClient(stack);
	const userId = await ensureDemoUser(stack, service);

	const { error: cleanupError } = await service.from('workspaces').delete().eq('created_by', userId).eq('name', DEMO_WORKSPACE_NAME);
	check(cleanupError, 'remove the previous demo workspace');

	const now = options.now ?? new Date();
	const demo = generateDemo({ now });
	const { data: workspace, error: wsError } = await service
		.from('workspaces')
		.insert({ name: DEMO_WORKSPACE_NAME, created_by: userId })
		.select('id')
		.single();
	check(wsError, 'create the demo workspace');
	const workspaceId = workspace!.id as string;
	const journeyId = await insertStructure(service, workspaceId, userId, demo);
	await insertEvidence(service, workspaceId, demo, options.log);
	await insertActions(service, workspaceId, journeyId, userId, demo, now);
	await refreshAlerts(service, workspaceId); // the first alerts check: the demo's hotspots are in the feed from the start

	return {
		workspaceId,
		journeyId,
		counts: {
			touchpoints: demo.touchpoints.length,
			personas: demo.personas.length,
			responses: demo.responses.length,
			feedback: demo.feedback.length,
			cases: demo.cases.length
		},
		milliseconds: Math.round(performance.now() - started)
	};
}

async function ensureDemoUser(stack: Stack, service: SupabaseClient): Promise<string> {
	const { data: existing, error } = await service.from('profiles').select('id').eq('email', DEMO_EMAIL).maybeSingle();
	check(error, 'look up the demo account');
	if (existing) return existing.id as string;
	if (stack.mode === 'hosted') {
		const { data, error: adminError } = await service.auth.admin.createUser({
			email: DEMO_EMAIL,
			password: DEMO_PASSWORD,
			email_confirm: true,
			user_metadata: { display_name: 'Demo user' }
		});
		check(adminError, 'create the demo account');
		return data.user!.id;
	}
	const session = await new LocalAuth(service, stack.jwtSecret!).signUp(DEMO_EMAIL, DEMO_PASSWORD, 'Demo user');
	return session.user.id;
}

async function insertStructure(service: SupabaseClient, workspaceId: string, userId: string, demo: DemoData): Promise<string> {
	const { data: journey, error } = await service
		.from('journeys')
		.insert({ workspace_id: workspaceId, name: DEMO_JOURNEY_NAME, description: DEMO_JOURNEY_DESCRIPTION, created_by: userId })
		.select('id')
		.single();
	check(error, 'create the demo journey');
	const journeyId = journey!.id as string;
	await insertAll(service, 'personas', demo.personas.map((p) => ({
		id: p.id,
		workspace_id: workspaceId,
		name: p.name,
		role: p.role,
		quote: p.quote,
		goals: p.goals,
		pains: p.pains,
		behaviours: p.behaviours,
		channels: p.channels,
		...DEMO_PERSONA_CARDS[p.key]
	})));
	await insertAll(service, 'journey_personas', demo.personas.map((p) => ({ journey_id: journeyId, persona_id: p.id, workspace_id: workspaceId })));
	await insertAll(service, 'stages', demo.stages.map((s) => ({ id: s.id, journey_id: journeyId, workspace_id: workspaceId, name: s.name, position: s.position })));
	await insertAll(service, 'touchpoints', demo.touchpoints.map((t) => ({
		id: t.id,
		journey_id: journeyId,
		workspace_id: workspaceId,
		stage_id: t.stageId,
		name: t.name,
		channel: t.channel,
		position: t.position
	})));
	await insertAll(service, 'journey_documents', [
		{ journey_id: journeyId, workspace_id: workspaceId, state: toBytea(stateOf(demoDocument(demo))) }
	]);
	await insertAll(service, 'metric_targets', Object.entries(DEMO_TARGETS).map(([metric, target]) => ({ workspace_id: workspaceId, metric, target })));
	return journeyId;
}

async function insertEvidence(service: SupabaseClient, workspaceId: string, demo: DemoData, log?: (line: string) => void) {
	await insertAll(service, 'survey_responses', demo.responses.map((r) => ({
		workspace_id: workspaceId,
		touchpoint_id: r.touchpointId,
		metric: r.metric,
		score: r.score,
		scale_max: r.scaleMax,
		persona_id: r.personaId,
		channel: r.channel,
		responded_at: r.respondedAt,
		source: 'import'
	})), log);
	await insertAll(service, 'feedback', demo.feedback.map((f) => ({
		workspace_id: workspaceId,
		touchpoint_id: f.touchpointId,
		source: f.source,
		body: f.body,
		sentiment: f.sentiment,
		theme: f.theme,
		persona_id: f.personaId,
		created_at: f.createdAt
	})));
	await insertAll(service, 'service_cases', demo.cases.map((c) => ({
		workspace_id: workspaceId,
		touchpoint_id: c.touchpointId,
		channel: c.channel,
		category: c.category,
		opened_at: c.openedAt,
		first_response_at: c.firstResponseAt,
		resolved_at: c.resolvedAt
	})));
}

const BATCH = 5_000;

/** Teams owning the demo touchpoints, and a few actions in every state (one done, with impact). */
async function insertActions(service: SupabaseClient, workspaceId: string, journeyId: string, userId: string, demo: DemoData, now: Date) {
	const { data: teams, error } = await service
		.from('teams')
		.insert(DEMO_TEAMS.map((t) => ({ workspace_id: workspaceId, name: t.name, description: t.description })))
		.select('id, name');
	check(error, 'insert demo teams');
	const teamId = (name: string) => teams!.find((t) => t.name === name)!.id as string;
	const touchpointId = (key: string) => demo.touchpoints.find((t) => t.key === key)!.id;
	await insertAll(service, 'touchpoint_owners', DEMO_TEAMS.flatMap((t) => t.touchpoints.map((key) => ({ touchpoint_id: touchpointId(key), workspace_id: workspaceId, team_id: teamId(t.name), member_id: userId }))));
	const day = (offset: number) => new Date(now.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
	const { data: actions, error: actionError } = await service
		.from('actions')
		.insert(
			DEMO_ACTIONS.map((a, i) => ({
				workspace_id: workspaceId,
				journey_id: journeyId,
				touchpoint_id: touchpointId(a.touchpoint),
				title: a.title,
				description: a.description,
				status: a.status,
				owner_id: userId,
				team_id: teamId(a.team),
				due_on: a.dueInDays === null ? null : day(a.dueInDays),
				expected_metric: a.expectedMetric,
				expected_effect: a.expectedEffect,
				shipped_on: a.status === 'done' ? demoShipDate(now) : null,
				rank: i,
				created_by: userId
			}))
		)
		.select('id, title');
	check(actionError, 'insert demo actions');
	const comments = DEMO_ACTIONS.filter((a) => a.comment).map((a) => ({
		workspace_id: workspaceId,
		action_id: actions!.find((x) => x.title === a.title)!.id,
		kind: 'comment',
		body: a.comment,
		author_id: userId
	}));
	await insertAll(service, 'action_events', comments);
}

async function insertAll(service: SupabaseClient, table: string, rows: Record<string, unknown>[], log?: (line: string) => void) {
	for (let i = 0; i < rows.length; i += BATCH) {
		const { error } = await service.from(table).insert(rows.slice(i, i + BATCH));
		check(error, `insert demo ${table}`);
		if (log && rows.length > BATCH) log(`  ${table}: ${Math.min(i + BATCH, rows.length)} / ${rows.length}`);
	}
}

function check(error: { message: string } | null, what: string): void {
	if (error) throw new Error(`Demo seed could not ${what}: ${error.message}`);
}
