import { json, type RequestHandler } from '@sveltejs/kit';

/**
 * What a browser needs to create its supabase-js client: the API URL and the public anon key
 * (never the service key). In local modes the API is this app's own /rest/v1.
 */
export const GET: RequestHandler = ({ locals, url }) => {
	const { stack } = locals.runtime;
	return json({
		mode: stack.mode,
		supabaseUrl: stack.mode === 'hosted' ? stack.supabaseUrl : url.origin,
		anonKey: stack.anonKey
	});
};
