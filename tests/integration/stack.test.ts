import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Stack } from '#lib/server/stack/index.js';
import { serviceClient, userClient } from '#lib/server/supabase.js';
import { engines } from '../support/stacks.js';

test('runs on Node 24 (npm run uses the pinned node devDependency)', () => {
	expect(process.version).toMatch(/^v24\./);
});

for (const engine of engines) {
	describe(`stack on ${engine.name}`, () => {
		let stack: Stack;
		beforeAll(async () => {
			stack = await engine.start();
		});
		afterAll(async () => {
			await stack?.stop();
		});

		test('migrates and serves the API through supabase-js', async () => {
			expect(stack.appliedMigrations.length).toBeGreaterThanOrEqual(3);
			const { data, error } = await serviceClient(stack).from('workspaces').select('id');
			expect(error).toBeNull();
			expect(data).toEqual([]);
		});

		test('anon reads no rows and cannot write', async () => {
			const anon = userClient(stack);
			expect((await anon.from('journeys').select('id')).data).toEqual([]);
			const insert = await anon.from('workspaces').insert({ name: 'nope' });
			expect(insert.error?.code).toBe('42501');
		});

		test('a service_role JWT signed with the secret works like Supabase: it bypasses RLS', async () => {
			const token = await new SignJWT({ role: 'service_role' })
				.setProtectedHeader({ alg: 'HS256' })
				.sign(new TextEncoder().encode(stack.jwtSecret!));
			const res = await fetch(`${stack.postgrestUrl}/profiles?select=id`, { headers: { Authorization: `Bearer ${token}` } });
			expect(res.status).toBe(200);
		});

		test('invalid and expired JWTs get 401 with a JSON message', async () => {
			const expired = await new SignJWT({ role: 'authenticated', sub: crypto.randomUUID() })
				.setProtectedHeader({ alg: 'HS256' })
				.setExpirationTime(Math.floor(Date.now() / 1000) - 60)
				.sign(new TextEncoder().encode(stack.jwtSecret!));
			for (const token of ['garbage', expired]) {
				const res = await fetch(`${stack.postgrestUrl}/journeys`, { headers: { Authorization: `Bearer ${token}` } });
				expect(res.status).toBe(401);
				expect(((await res.json()) as { message: string }).message).toMatch(/JWT|JWS/);
			}
		});

		test('a malformed body gets a 4xx naming the field', async () => {
			const res = await fetch(`${stack.postgrestUrl}/workspaces`, {
				method: 'POST',
				headers: { Authorization: `Bearer ${stack.serviceRoleKey}`, 'Content-Type': 'application/json' },
				body: JSON.stringify({ nmae: 'typo' })
			});
			expect(res.status).toBe(400);
			expect(((await res.json()) as { message: string }).message).toMatch(/nmae/);
		});
	});
}
