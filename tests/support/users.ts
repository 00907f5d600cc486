import type { SupabaseClient } from '@supabase/supabase-js';
import { LocalAuth } from '#lib/server/auth/local.js';
import type { Stack } from '#lib/server/stack/index.js';
import { serviceClient, userClient } from '#lib/server/supabase.js';

export interface TestUser {
	id: string;
	email: string;
	accessToken: string;
	client: SupabaseClient;
}

let counter = 0;

/** Signs up a fresh local account through the real sign-up path and returns its client. */
export async function createUser(stack: Stack, label: string): Promise<TestUser> {
	const auth = new LocalAuth(serviceClient(stack), stack.jwtSecret!);
	const email = `${label}-${process.pid}-${++counter}@example.test`;
	const session = await auth.signUp(email, 'correct horse battery', label);
	return {
		id: session.user.id,
		email,
		accessToken: session.accessToken,
		client: userClient(stack, session.accessToken)
	};
}
