import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Stack } from '#lib/server/stack/index.js';
import { serviceClient, userClient } from '#lib/server/supabase.js';
import { engines } from '../support/stacks.js';
import { createUser } from '../support/users.js';

type Role = 'anon' | 'outsider' | 'viewer' | 'editor' | 'owner';
type Command = 'select' | 'insert' | 'update' | 'delete';
type Row = Record<string, unknown>;

const roles: Role[] = ['anon', 'outsider', 'viewer', 'editor', 'owner'];
const commands: Command[] = ['select', 'insert', 'update', 'delete'];

/** Which roles may do what. This table is the specification (docs/security.md repeats it). */
const members: Role[] = ['viewer', 'editor', 'owner'];
const writers: Role[] = ['editor', 'owner'];
const owners: Role[] = ['owner'];
const content = { select: members, insert: writers, update: writers, delete: writers };

interface Fixture {
	/** Creates a fresh row (as service role) and returns a filter that finds exactly it. */
	existing(): Promise<Row>;
	/** A new row to insert as the role under test. */
	fresh(): Promise<Row>;
	/** Columns to change in an update. */
	patch: Row;
	/** Column (part of the filter or patch) used to prove an update happened. */
	key: string;
}

interface TableSpec {
	table: string;
	expected: Record<Command, Role[]>;
	fixture: (ctx: Context) => Fixture;
}

interface Context {
	service: SupabaseClient;
	ws: string;
	journey: string;
	touchpoint: string;
	ownerId: string;
	editorId: string;
}

let seq = 0;
const unique = (label: string) => `${label} ${++seq}`;

async function insertRow(service: SupabaseClient, table: string, row: Row, returning = 'id'): Promise<Row> {
	const { data, error } = await service.from(table).insert(row).select(returning).single();
	if (error) throw new Error(`fixture insert into ${table}: ${error.message}`);
	return data as unknown as Row;
}

const newJourney = (c: Context) => insertRow(c.service, 'journeys', { workspace_id: c.ws, name: unique('J') });
const newPersona = (c: Context) => insertRow(c.service, 'personas', { workspace_id: c.ws, name: unique('P') });
const newTouchpoint = (c: Context) => insertRow(c.service, 'touchpoints', { workspace_id: c.ws, journey_id: c.journey, name: unique('TP') });

const specs: TableSpec[] = [
	{
		table: 'workspaces',
		// Anyone signed in may create a workspace (they become its owner); only owners rename/delete.
		expected: { select: members, insert: ['outsider', 'viewer', 'editor', 'owner'], update: owners, delete: owners },
		fixture: (c) => ({
			existing: async () => {
				// A throwaway workspace with the same three members, so deleting it harms nothing.
				const ws = await insertRow(c.service, 'workspaces', { name: unique('W'), created_by: c.ownerId });
				await c.service.from('workspace_members').insert(matrixMembers(c, ws.id as string));
				return { id: ws.id };
			},
			fresh: async () => ({ name: unique('W') }),
			patch: { name: 'renamed' },
			key: 'name'
		})
	},
	{
		table: 'workspace_members',
		// Members see each other; owners manage. (Leaving — deleting your own row — is tested separately.)
		expected: { select: members, insert: owners, update: owners, delete: owners },
		fixture: (c) => ({
			existing: async () => {
				const other = await createUser(stackUnderTest, 'member');
				await insertRow(c.service, 'workspace_members', { workspace_id: c.ws, user_id: other.id, role: 'viewer' }, 'user_id');
				return { workspace_id: c.ws, user_id: other.id };
			},
			fresh: async () => ({ workspace_id: c.ws, user_id: (await createUser(stackUnderTest, 'newbie')).id, role: 'viewer' }),
			patch: { role: 'editor' },
			key: 'role'
		})
	},
	{
		table: 'workspace_invitations',
		expected: { select: owners, insert: owners, update: owners, delete: owners },
		fixture: (c) => ({
			existing: async () =>
				insertRow(c.service, 'workspace_invitations', {
					workspace_id: c.ws,
					email: `${unique('inv').replace(' ', '')}@example.test`,
					role: 'viewer',
					invited_by: c.ownerId
				}),
			fresh: async () => ({ workspace_id: c.ws, email: `${unique('new').replace(' ', '')}@example.test`, role: 'viewer' }),
			patch: { role: 'editor' },
			key: 'role'
		})
	},
	{
		table: 'profiles',
		// Profiles come from sign-up; people who share a workspace see each other; you edit only
		// yours (the row under test is the editor's own profile).
		expected: { select: members, insert: [], update: ['editor'], delete: [] },
		fixture: (c) => ({
			existing: async () => {
				await c.service.from('profiles').update({ display_name: 'original' }).eq('id', c.editorId);
				return { id: c.editorId };
			},
			fresh: async () => ({ id: c.editorId, email: 'dup@example.test' }),
			patch: { display_name: 'renamed' },
			key: 'display_name'
		})
	},
	{
		table: 'journeys',
		expected: content,
		fixture: (c) => ({
			existing: () => newJourney(c),
			fresh: async () => ({ workspace_id: c.ws, name: unique('J') }),
			patch: { name: 'renamed' },
			key: 'name'
		})
	},
	{
		table: 'journey_documents',
		expected: content,
		fixture: (c) => ({
			existing: async () => {
				const j = await newJourney(c);
				await insertRow(c.service, 'journey_documents', { journey_id: j.id, workspace_id: c.ws, state: '\\x00' }, 'journey_id');
				return { journey_id: j.id };
			},
			fresh: async () => ({ journey_id: (await newJourney(c)).id, workspace_id: c.ws, state: '\\x00' }),
			patch: { state: '\\x0102' },
			key: 'state'
		})
	},
	{
		table: 'journey_outcomes',
		expected: content,
		fixture: (c) => ({
			existing: async () => {
				const j = await newJourney(c);
				await insertRow(c.service, 'journey_outcomes', { journey_id: j.id, workspace_id: c.ws, customers_at_start: 100 }, 'journey_id');
				return { journey_id: j.id };
			},
			fresh: async () => ({ journey_id: (await newJourney(c)).id, workspace_id: c.ws, customers_at_start: 50 }),
			patch: { customers_at_start: 120 },
			key: 'customers_at_start'
		})
	},
	{
		table: 'comments',
		// Members (viewers too) comment as themselves; editors resolve; authors and owners delete.
		expected: { select: members, insert: members, update: writers, delete: owners },
		fixture: (c) => ({
			existing: () =>
				insertRow(c.service, 'comments', {
					workspace_id: c.ws,
					journey_id: c.journey,
					target_id: c.touchpoint,
					target_kind: 'touchpoint',
					body: unique('C'),
					author_id: c.ownerId
				}),
			fresh: async () => ({ workspace_id: c.ws, journey_id: c.journey, target_id: c.touchpoint, target_kind: 'touchpoint', body: unique('C') }),
			patch: { resolved_at: '2026-01-01T00:00:00+00:00' },
			key: 'resolved_at'
		})
	},
	{
		table: 'journey_snapshots',
		expected: content,
		fixture: (c) => ({
			existing: () => insertRow(c.service, 'journey_snapshots', { workspace_id: c.ws, journey_id: c.journey, kind: 'named', name: unique('V'), state: '\\x00' }),
			fresh: async () => ({ workspace_id: c.ws, journey_id: c.journey, kind: 'named', name: unique('V'), state: '\\x00' }),
			patch: { name: 'renamed' },
			key: 'name'
		})
	},
	{
		table: 'stages',
		expected: content,
		fixture: (c) => ({
			existing: () => insertRow(c.service, 'stages', { journey_id: c.journey, workspace_id: c.ws, name: unique('S') }),
			fresh: async () => ({ journey_id: c.journey, workspace_id: c.ws, name: unique('S') }),
			patch: { name: 'renamed' },
			key: 'name'
		})
	},
	{
		table: 'touchpoints',
		expected: content,
		fixture: (c) => ({
			existing: () => insertRow(c.service, 'touchpoints', { journey_id: c.journey, workspace_id: c.ws, name: unique('T') }),
			fresh: async () => ({ journey_id: c.journey, workspace_id: c.ws, name: unique('T') }),
			patch: { name: 'renamed' },
			key: 'name'
		})
	},
	{
		table: 'personas',
		expected: content,
		fixture: (c) => ({
			existing: () => newPersona(c),
			fresh: async () => ({ workspace_id: c.ws, name: unique('P') }),
			patch: { name: 'renamed' },
			key: 'name'
		})
	},
	{
		table: 'journey_personas',
		expected: content,
		fixture: (c) => ({
			existing: async () => {
				const p = await newPersona(c);
				await insertRow(c.service, 'journey_personas', { journey_id: c.journey, persona_id: p.id, workspace_id: c.ws }, 'persona_id');
				return { journey_id: c.journey, persona_id: p.id };
			},
			fresh: async () => ({ journey_id: c.journey, persona_id: (await newPersona(c)).id, workspace_id: c.ws }),
			patch: { persona_id: null }, // replaced per case below
			key: 'persona_id'
		})
	},
	{
		table: 'surveys',
		expected: content,
		fixture: (c) => ({
			existing: () =>
				insertRow(c.service, 'surveys', { workspace_id: c.ws, touchpoint_id: c.touchpoint, metric: 'nps', scale_max: 10, question: 'How likely?' }),
			fresh: async () => ({ workspace_id: c.ws, touchpoint_id: c.touchpoint, metric: 'nps', scale_max: 10, question: 'How likely?' }),
			patch: { question: 'changed' },
			key: 'question'
		})
	},
	{
		table: 'survey_responses',
		expected: content,
		fixture: (c) => ({
			existing: () =>
				insertRow(c.service, 'survey_responses', { workspace_id: c.ws, touchpoint_id: c.touchpoint, metric: 'nps', score: 5, scale_max: 10 }),
			fresh: async () => ({ workspace_id: c.ws, touchpoint_id: c.touchpoint, metric: 'nps', score: 9, scale_max: 10 }),
			patch: { score: 10 },
			key: 'score'
		})
	},
	{
		table: 'feedback',
		expected: content,
		fixture: (c) => ({
			existing: () => insertRow(c.service, 'feedback', { workspace_id: c.ws, touchpoint_id: c.touchpoint, source: 'email', body: 'slow' }),
			fresh: async () => ({ workspace_id: c.ws, touchpoint_id: c.touchpoint, source: 'chat', body: 'fine' }),
			patch: { body: 'changed' },
			key: 'body'
		})
	},
	{
		table: 'service_cases',
		expected: content,
		fixture: (c) => ({
			existing: () =>
				insertRow(c.service, 'service_cases', { workspace_id: c.ws, touchpoint_id: c.touchpoint, opened_at: '2026-01-01T00:00:00Z' }),
			fresh: async () => ({ workspace_id: c.ws, touchpoint_id: c.touchpoint, opened_at: '2026-01-02T00:00:00Z' }),
			patch: { category: 'changed' },
			key: 'category'
		})
	},
	{
		table: 'metric_targets',
		expected: content,
		fixture: (c) => ({
			existing: async () =>
				insertRow(c.service, 'metric_targets', { workspace_id: c.ws, journey_id: (await newJourney(c)).id, metric: 'nps', target: 30 }),
			fresh: async () => ({ workspace_id: c.ws, journey_id: (await newJourney(c)).id, metric: 'csat', target: 80 }),
			patch: { target: 40 },
			key: 'target'
		})
	},
	{
		table: 'import_batches',
		expected: content,
		fixture: (c) => ({
			existing: () => insertRow(c.service, 'import_batches', { workspace_id: c.ws, file_name: 'a.csv' }),
			fresh: async () => ({ workspace_id: c.ws, file_name: 'b.csv' }),
			patch: { file_name: 'changed.csv' },
			key: 'file_name'
		})
	},
	{
		table: 'presentation_notes',
		// Speaker notes: members read them in the presenter view; owners and editors write them.
		expected: content,
		fixture: (c) => ({
			existing: async () => {
				const slide_key = `stage:${crypto.randomUUID()}`;
				await insertRow(c.service, 'presentation_notes', { workspace_id: c.ws, journey_id: c.journey, slide_key, body: unique('Note') }, 'slide_key');
				return { journey_id: c.journey, slide_key };
			},
			fresh: async () => ({ workspace_id: c.ws, journey_id: c.journey, slide_key: `stage:${crypto.randomUUID()}`, body: unique('Note') }),
			patch: { body: 'changed' },
			key: 'body'
		})
	},
	{
		table: 'teams',
		expected: content,
		fixture: (c) => ({
			existing: () => insertRow(c.service, 'teams', { workspace_id: c.ws, name: unique('Team') }),
			fresh: async () => ({ workspace_id: c.ws, name: unique('Team') }),
			// Names are unique per workspace: change the description, not the name.
			patch: { description: 'changed' },
			key: 'description'
		})
	},
	{
		table: 'touchpoint_owners',
		expected: content,
		fixture: (c) => ({
			existing: async () => {
				const tp = await newTouchpoint(c);
				await insertRow(c.service, 'touchpoint_owners', { touchpoint_id: tp.id, workspace_id: c.ws, member_id: c.editorId }, 'touchpoint_id');
				return { touchpoint_id: tp.id };
			},
			fresh: async () => ({ touchpoint_id: (await newTouchpoint(c)).id, workspace_id: c.ws, member_id: c.editorId }),
			patch: { member_id: c.ownerId },
			key: 'member_id'
		})
	},
	{
		table: 'actions',
		expected: content,
		fixture: (c) => ({
			existing: () => insertRow(c.service, 'actions', { workspace_id: c.ws, journey_id: c.journey, touchpoint_id: c.touchpoint, title: unique('A') }),
			fresh: async () => ({ workspace_id: c.ws, journey_id: c.journey, title: unique('A') }),
			patch: { title: 'changed' },
			key: 'title'
		})
	},
	{
		table: 'action_events',
		// The timeline: members (viewers too) comment as themselves (author_id defaults to the
		// caller); created/status rows come from a trigger; nobody edits; a comment's author (the
		// editor here) and owners delete it.
		expected: { select: members, insert: members, update: [], delete: ['editor', 'owner'] },
		fixture: (c) => ({
			existing: async () => {
				const action = await insertRow(c.service, 'actions', { workspace_id: c.ws, journey_id: c.journey, title: unique('A') });
				return { id: (await insertRow(c.service, 'action_events', { workspace_id: c.ws, action_id: action.id, kind: 'comment', body: unique('C'), author_id: c.editorId })).id };
			},
			fresh: async () => ({
				workspace_id: c.ws,
				action_id: (await insertRow(c.service, 'actions', { workspace_id: c.ws, journey_id: c.journey, title: unique('A') })).id,
				kind: 'comment',
				body: unique('C')
			}),
			patch: { body: 'changed' },
			key: 'body'
		})
	},
	{
		table: 'notifications',
		// Written only by refresh_alerts and the mention trigger (security definer); members read.
		expected: { select: members, insert: [], update: [], delete: [] },
		fixture: (c) => ({
			existing: () => newNotification(c),
			fresh: async () => notificationRow(c),
			patch: { text: 'changed' },
			key: 'text'
		})
	},
	{
		table: 'notification_reads',
		// Each person sees, adds and removes only their own reads (the row under test is the editor's).
		expected: { select: ['editor'], insert: members, update: [], delete: ['editor'] },
		fixture: (c) => ({
			existing: async () => {
				const n = await newNotification(c);
				await insertRow(c.service, 'notification_reads', { notification_id: n.id, user_id: c.editorId }, 'notification_id');
				return { notification_id: n.id, user_id: c.editorId };
			},
			fresh: async () => ({ notification_id: (await newNotification(c)).id }),
			patch: { read_at: '2026-01-01T00:00:00+00:00' },
			key: 'read_at'
		})
	},
	{
		table: 'ingest_keys',
		// Keys grant write access to the workspace's evidence: only owners and editors see or manage them.
		expected: { select: writers, insert: writers, update: writers, delete: writers },
		fixture: (c) => ({
			existing: () => insertRow(c.service, 'ingest_keys', { workspace_id: c.ws, name: unique('K'), key_hash: randomHash(), prefix: 'jsi_test' }),
			fresh: async () => ({ workspace_id: c.ws, name: unique('K'), key_hash: randomHash(), prefix: 'jsi_test' }),
			patch: { name: 'renamed' },
			key: 'name'
		})
	},
	{
		table: 'share_links',
		// Members see a journey's share links; owners and editors create and revoke them; nobody
		// deletes one (revoked links stay as history). anon never reads the table.
		expected: { select: members, insert: writers, update: writers, delete: [] },
		fixture: (c) => ({
			existing: () => insertRow(c.service, 'share_links', { workspace_id: c.ws, journey_id: c.journey, token_hash: randomHash(), created_by: c.ownerId }),
			fresh: async () => ({ workspace_id: c.ws, journey_id: c.journey, token_hash: randomHash() }),
			patch: { revoked_at: '2026-12-02T12:00:00+00:00' },
			key: 'revoked_at'
		})
	},
	{
		table: 'vote_rounds',
		// Members see a journey's voting rounds; nobody writes them directly (start/reveal/close_vote_round, owners and editors).
		expected: { select: members, insert: [], update: [], delete: [] },
		fixture: (c) => ({
			existing: async () => ({ id: (await newRound(c)).id }),
			fresh: async () => ({ workspace_id: c.ws, journey_id: (await newJourney(c)).id, votes_per_person: 3 }),
			patch: { revealed_at: '2026-12-02T12:00:00+00:00' },
			key: 'revealed_at'
		})
	},
	{
		table: 'votes',
		// The fixture's vote is the owner's in an open round: before the reveal only its voter reads
		// it (everyone after: workshop.test.ts) and only its voter takes it back. Any member (viewers
		// too) votes as themselves in an open round; nobody changes a vote.
		expected: { select: owners, insert: members, update: [], delete: owners },
		fixture: (c) => ({
			existing: async () => {
				const round = await newRound(c);
				return { id: (await insertRow(c.service, 'votes', { round_id: round.id, voter_id: c.ownerId, node_id: c.touchpoint, node_kind: 'touchpoint' })).id };
			},
			fresh: async () => ({ round_id: (await newRound(c)).id, node_id: c.touchpoint, node_kind: 'touchpoint' }),
			patch: { node_kind: 'note' },
			key: 'node_kind'
		})
	},
	{
		table: 'workshop_timers',
		// Members see the countdown; nobody writes it directly (start/pause/resume/stop_workshop_timer, owners and editors).
		expected: { select: members, insert: [], update: [], delete: [] },
		fixture: (c) => ({
			existing: async () => {
				const journey = (await newJourney(c)).id;
				await insertRow(c.service, 'workshop_timers', { journey_id: journey, workspace_id: c.ws, duration_seconds: 300, ends_at: '2026-12-02T12:05:00+00:00' }, 'journey_id');
				return { journey_id: journey };
			},
			fresh: async () => ({ journey_id: (await newJourney(c)).id, workspace_id: c.ws, duration_seconds: 60, ends_at: '2026-12-02T12:01:00+00:00' }),
			patch: { duration_seconds: 99 },
			key: 'duration_seconds'
		})
	}
];

/** An open voting round on a journey of its own (one live round per journey). */
const newRound = async (c: Context) => insertRow(c.service, 'vote_rounds', { workspace_id: c.ws, journey_id: (await newJourney(c)).id, votes_per_person: 3 });

const notificationRow = (c: Context): Row => ({
	workspace_id: c.ws,
	kind: 'became_hotspot',
	journey_id: c.journey,
	touchpoint_id: c.touchpoint,
	text: unique('N'),
	happened_at: '2026-01-01T00:00:00Z'
});
const newNotification = (c: Context) => insertRow(c.service, 'notifications', notificationRow(c));

const randomHash = () => [...crypto.getRandomValues(new Uint8Array(32))].map((b) => b.toString(16).padStart(2, '0')).join('');

function matrixMembers(c: Context, ws: string): Row[] {
	return [
		{ workspace_id: ws, user_id: clientsByRole.editor!.id, role: 'editor' },
		{ workspace_id: ws, user_id: clientsByRole.viewer!.id, role: 'viewer' }
	];
}

let stackUnderTest: Stack;
const clientsByRole: Partial<Record<Role, { id: string; client: SupabaseClient }>> = {};

/** Every public table must appear in the matrix: a new table without a row here fails. */
const expectedTables = specs.map((s) => s.table).sort();

for (const engine of engines) {
	describe(`RLS matrix on ${engine.name}`, () => {
		let stack: Stack;
		let ctx: Context;

		beforeAll(async () => {
			stack = await engine.start();
			stackUnderTest = stack;
			const service = serviceClient(stack);
			const [owner, editor, viewer, outsider] = await Promise.all(
				(['owner', 'editor', 'viewer', 'outsider'] as const).map((r) => createUser(stack, r))
			);
			clientsByRole.owner = owner!;
			clientsByRole.editor = editor!;
			clientsByRole.viewer = viewer!;
			clientsByRole.outsider = outsider!;
			clientsByRole.anon = { id: '', client: userClient(stack) };
			const { data: ws, error } = await owner!.client.rpc('create_workspace', { p_name: 'Workspace A' });
			if (error) throw error;
			ctx = { service, ws: ws.id, journey: '', touchpoint: '', ownerId: owner!.id, editorId: editor!.id };
			await service.from('workspace_members').insert(matrixMembers(ctx, ws.id));
			ctx.journey = (await newJourney(ctx)).id as string;
			ctx.touchpoint = (await insertRow(service, 'touchpoints', { journey_id: ctx.journey, workspace_id: ctx.ws, name: 'T0' })).id as string;
		});
		afterAll(async () => {
			await stack?.stop();
		});

		test('the matrix covers every table the API exposes', async () => {
			// A new table without a row in `specs` fails here, so nothing escapes the matrix.
			const res = await fetch(`${stack.postgrestUrl}/`, { headers: { Authorization: `Bearer ${stack.serviceRoleKey}` } });
			const openapi = (await res.json()) as { definitions: Record<string, unknown> };
			expect(Object.keys(openapi.definitions).sort()).toEqual(expectedTables);
		});

		for (const spec of specs) {
			for (const command of commands) {
				for (const role of roles) {
					const allowed = spec.expected[command].includes(role);
					test(`${spec.table}: ${role} ${command} → ${allowed ? 'allowed' : 'denied'}`, async () => {
						const fixture = spec.fixture(ctx);
						const client = clientsByRole[role]!.client;
						expect(await attempt(ctx.service, client, spec.table, fixture, command)).toBe(allowed);
					});
				}
			}
		}

		test('a member can leave a workspace (delete their own membership)', async () => {
			const leaver = await createUser(stack, 'leaver');
			await ctx.service.from('workspace_members').insert({ workspace_id: ctx.ws, user_id: leaver.id, role: 'viewer' });
			const { error } = await leaver.client.from('workspace_members').delete().eq('workspace_id', ctx.ws).eq('user_id', leaver.id);
			expect(error).toBeNull();
			const { data } = await ctx.service.from('workspace_members').select('user_id').eq('user_id', leaver.id);
			expect(data).toEqual([]);
		});

		test('the last owner cannot leave or be demoted', async () => {
			const owner = clientsByRole.owner!;
			const { error } = await owner.client.from('workspace_members').delete().eq('workspace_id', ctx.ws).eq('user_id', owner.id);
			expect(error?.message).toMatch(/at least one owner/);
			const demote = await owner.client.from('workspace_members').update({ role: 'viewer' }).eq('workspace_id', ctx.ws).eq('user_id', owner.id);
			expect(demote.error?.message).toMatch(/at least one owner/);
		});

		test('a member of workspace A can neither read nor change anything of workspace B', async () => {
			const intruder = clientsByRole.editor!.client;
			const bOwner = clientsByRole.outsider!;
			const { data: wsB } = await bOwner.client.rpc('create_workspace', { p_name: 'Workspace B' });
			const journeyB = await insertRow(ctx.service, 'journeys', { workspace_id: wsB.id, name: 'Secret journey' });
			const tpB = await insertRow(ctx.service, 'touchpoints', { journey_id: journeyB.id, workspace_id: wsB.id, name: 'Secret tp' });
			await insertRow(ctx.service, 'survey_responses', { workspace_id: wsB.id, touchpoint_id: tpB.id, metric: 'nps', score: 1, scale_max: 10 });

			for (const [table, column, value] of [
				['workspaces', 'id', wsB.id],
				['journeys', 'workspace_id', wsB.id],
				['touchpoints', 'id', tpB.id],
				['survey_responses', 'touchpoint_id', tpB.id],
				['workspace_members', 'workspace_id', wsB.id]
			] as const) {
				const read = await intruder.from(table).select('*').eq(column, value);
				expect(read.data, `${table} readable across workspaces`).toEqual([]);
				await intruder.from(table).update({ name: 'pwned' }).eq(column, value);
				await intruder.from(table).delete().eq(column, value);
			}
			const { data: stillThere } = await ctx.service.from('journeys').select('name').eq('id', journeyB.id).single();
			expect(stillThere?.name).toBe('Secret journey');
			const { count } = await ctx.service.from('survey_responses').select('*', { count: 'exact', head: true }).eq('touchpoint_id', tpB.id);
			expect(count).toBe(1);

			// Writing into B, or pointing an A row at B's touchpoint, is refused.
			const intoB = await intruder.from('journeys').insert({ workspace_id: wsB.id, name: 'planted' });
			expect(intoB.error).not.toBeNull();
			const crossLink = await intruder
				.from('survey_responses')
				.insert({ workspace_id: ctx.ws, touchpoint_id: tpB.id, metric: 'nps', score: 0, scale_max: 10 });
			expect(crossLink.error).not.toBeNull();
			const invite = await intruder.rpc('invite_member', { p_workspace_id: wsB.id, p_email: 'x@example.test', p_role: 'owner' });
			expect(invite.error?.message).toMatch(/Only an owner/);
		});
	});
}

/** Performs one command as a role and reports, by checking with the service client, whether it took effect. */
async function attempt(service: SupabaseClient, client: SupabaseClient, table: string, fixture: Fixture, command: Command): Promise<boolean> {
	// Builder types of supabase-js recurse too deeply for a generic helper: filter untyped here.
	type Filterable = { eq(column: string, value: unknown): Filterable } & PromiseLike<{ data: Row[] | null }>;
	const matches = (query: unknown, filter: Row) =>
		Object.entries(filter).reduce((q, [col, val]) => q.eq(col, val), query as Filterable);
	switch (command) {
		case 'select': {
			const filter = await fixture.existing();
			const { data } = await matches(client.from(table).select('*'), filter);
			return (data?.length ?? 0) === 1;
		}
		case 'insert': {
			const row = await fixture.fresh();
			const { error } = await client.from(table).insert(row);
			if (error) return false;
			return true;
		}
		case 'update': {
			const filter = await fixture.existing();
			let patch = fixture.patch;
			if (table === 'journey_personas') patch = { persona_id: (await insertRow(service, 'personas', { workspace_id: filter.workspace_id ?? (await service.from('journeys').select('workspace_id').eq('id', filter.journey_id).single()).data?.workspace_id, name: unique('P2') })).id };
			await matches(client.from(table).update(patch), filter);
			const key = Object.keys(patch)[0]!;
			const lookup = key in filter ? { ...filter, [key]: patch[key] } : filter;
			const { data } = await matches(service.from(table).select(key), lookup);
			return (data?.length ?? 0) === 1 && JSON.stringify((data![0] as Row)[key]) === JSON.stringify(patch[key]);
		}
		case 'delete': {
			const filter = await fixture.existing();
			await matches(client.from(table).delete(), filter);
			const { data } = await matches(service.from(table).select('*'), filter);
			return (data?.length ?? 0) === 0;
		}
	}
}
