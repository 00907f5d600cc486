import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { SupabaseClient } from '@supabase/supabase-js';
import { startStack, type Stack } from '#lib/server/stack/index.js';

/** A fresh database on TEST_DATABASE_URL with a stack on it, and its URL (the CLI needs it). */
export async function startServerStackWithUrl(): Promise<{ stack: Stack; url: string }> {
	const adminUrl = process.env.TEST_DATABASE_URL!;
	const name = `js_import_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
	await admin(adminUrl, `create database ${name}`);
	const url = new URL(adminUrl);
	url.pathname = `/${name}`;
	const dir = mkdtempSync(join(tmpdir(), 'js-import-'));
	const stack = await startStack({ mode: 'postgres', dataDir: dir, databaseUrl: url.href, log: () => undefined });
	return {
		url: url.href,
		stack: {
			...stack,
			async stop() {
				await stack.stop();
				rmSync(dir, { recursive: true, force: true });
				await admin(adminUrl, `drop database if exists ${name} with (force)`);
			}
		}
	};
}

async function admin(url: string, sql: string) {
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	try {
		await client.query(sql);
	} finally {
		await client.end();
	}
}

/** A journey with named touchpoints, inserted with the service client (no canvas document yet). */
export async function createJourneyWithTouchpoints(service: SupabaseClient, workspaceId: string, names: string[]) {
	const { data: journey, error } = await service.from('journeys').insert({ workspace_id: workspaceId, name: 'Import journey' }).select('id').single();
	if (error) throw error;
	const rows = names.map((name, position) => ({ journey_id: journey.id, workspace_id: workspaceId, name, position }));
	const { data: tps, error: tpError } = await service.from('touchpoints').insert(rows).select('id, name');
	if (tpError) throw tpError;
	return { journeyId: journey.id as string, touchpoints: tps as { id: string; name: string }[] };
}

/** A long-format NPS file: `rows` responses over the given touchpoint names, deterministic. */
export function generateResponsesCsv(rows: number, touchpoints: string[], options: { bad?: number[] } = {}): string {
	const lines = ['touchpoint,score,comment,date'];
	const bad = new Set(options.bad ?? []);
	for (let i = 0; i < rows; i++) {
		const score = bad.has(i) ? 11 : i % 11;
		const comment = i % 13 === 0 ? `"Waited, ""too"" long ${i}"` : '';
		lines.push(`${touchpoints[i % touchpoints.length]},${score},${comment},2026-0${1 + (i % 9)}-${String(1 + (i % 28)).padStart(2, '0')}`);
	}
	return lines.join('\r\n') + '\r\n';
}
