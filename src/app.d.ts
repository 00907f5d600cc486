import type { SupabaseClient } from '@supabase/supabase-js';
import type { SessionUser } from '#lib/server/auth/tokens.js';
import type { Runtime } from '#lib/server/runtime.js';

declare global {
	namespace App {
		interface Error {
			message: string;
		}
		interface Locals {
			runtime: Runtime;
			/** supabase-js as the signed-in user (or anon): RLS applies to everything it does. */
			supabase: SupabaseClient;
			user: SessionUser | null;
			accessToken: string | null;
		}
	}
}

export {};
