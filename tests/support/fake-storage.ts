import { createServer, type Server } from 'node:http';

/**
 * A minimal stand-in for the Supabase Storage HTTP API (the three calls supabase-js makes for
 * upload, download and remove), for testing the hosted photo path without a Supabase project:
 * POST /storage/v1/object/<bucket>/<key> (x-upsert), GET the same path, DELETE
 * /storage/v1/object/<bucket> with {prefixes}. Missing objects answer as the real service does
 * (400 with statusCode "404"). Requests without the expected bearer key are refused (403).
 */
export async function startFakeStorage(key: string): Promise<{ url: string; objects: Map<string, { bytes: Buffer; type: string }>; requests: string[]; close(): Promise<void> }> {
	const objects = new Map<string, { bytes: Buffer; type: string }>();
	const requests: string[] = [];
	const server: Server = createServer(async (req, res) => {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const body = Buffer.concat(chunks);
		const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
		requests.push(`${req.method} ${path}`);
		const json = (status: number, value: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
		if (req.headers.authorization !== `Bearer ${key}`) return json(403, { statusCode: '403', error: 'Unauthorized', message: 'invalid key' });
		const object = path.match(/^\/storage\/v1\/object\/([^/]+)\/(.+)$/);
		if (req.method === 'POST' && object) {
			const id = `${object[1]}/${object[2]}`;
			if (objects.has(id) && req.headers['x-upsert'] !== 'true') return json(400, { statusCode: '409', error: 'Duplicate', message: 'The resource already exists' });
			objects.set(id, { bytes: body, type: String(req.headers['content-type'] ?? 'application/octet-stream') });
			return json(200, { Key: id, Id: crypto.randomUUID() });
		}
		if (req.method === 'GET' && object) {
			const found = objects.get(`${object[1]}/${object[2]}`);
			if (!found) return json(400, { statusCode: '404', error: 'not_found', message: 'Object not found' });
			return res.writeHead(200, { 'content-type': found.type }).end(found.bytes);
		}
		const bucket = path.match(/^\/storage\/v1\/object\/([^/]+)$/);
		if (req.method === 'DELETE' && bucket) {
			const { prefixes } = JSON.parse(body.toString() || '{}') as { prefixes: string[] };
			const removed = prefixes.filter((p) => objects.delete(`${bucket[1]}/${p}`)).map((name) => ({ name }));
			return json(200, removed);
		}
		json(404, { statusCode: '404', error: 'not_found', message: `No route ${req.method} ${path}` });
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	return {
		url: `http://127.0.0.1:${port}`,
		objects,
		requests,
		close: () => new Promise((resolve) => server.close(() => resolve()))
	};
}
