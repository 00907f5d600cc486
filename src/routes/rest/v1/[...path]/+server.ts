import { json, type RequestHandler } from '@sveltejs/kit';

// Headers that describe one hop, not the message: never forwarded.
const HOP_HEADERS = ['host', 'connection', 'cookie', 'content-length', 'transfer-encoding', 'keep-alive', 'upgrade'];

/**
 * Supabase's /rest/v1 on the app's own origin (embedded and Postgres-server modes), so
 * supabase-js in the browser works unchanged. The caller's Authorization header is passed on
 * and PostgREST verifies it: RLS decides, this route adds no privileges.
 */
export const fallback: RequestHandler = async ({ request, params, url, locals }) => {
	const target = locals.runtime.stack.postgrestUrl;
	if (!target) return json({ message: 'The REST API is served by Supabase in hosted mode' }, { status: 404 });
	// Like Supabase's gateway: every request names a project API key (supabase-js always does).
	const apikey = request.headers.get('apikey') ?? url.searchParams.get('apikey');
	const { anonKey, serviceRoleKey } = locals.runtime.stack;
	if (!apikey) return json({ message: 'No API key found in request', hint: 'Send the anon key in the apikey header.' }, { status: 401 });
	if (apikey !== anonKey && apikey !== serviceRoleKey) return json({ message: 'Invalid API key' }, { status: 401 });

	const headers = new Headers(request.headers);
	for (const name of HOP_HEADERS) headers.delete(name);
	const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
	let upstream: Response;
	try {
		upstream = await fetch(`${target}/${params.path}${url.search}`, {
			method: request.method,
			headers,
			body: hasBody ? await request.arrayBuffer() : undefined,
			redirect: 'manual'
		});
	} catch {
		return json({ message: 'The database API is unavailable; try again in a moment' }, { status: 503 });
	}
	const responseHeaders = new Headers(upstream.headers);
	// fetch already decoded the body.
	responseHeaders.delete('content-encoding');
	responseHeaders.delete('content-length');
	return new Response(upstream.body, { status: upstream.status, statusText: upstream.statusText, headers: responseHeaders });
};
