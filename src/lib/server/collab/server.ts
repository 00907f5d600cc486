import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { Redis } from '@hocuspocus/extension-redis';
import { Server, type Extension } from '@hocuspocus/server';
import * as Y from 'yjs';
import type { AuthBackend } from '../auth/backend.js';
import type { Stack } from '../stack/index.js';
import { serviceClient, userClient } from '../supabase.js';
import { documentFromTables, loadState, storeDocument } from './persistence.js';
import { writeDocument } from '#lib/sync/ydoc.js';

export const COLLAB_PATH = '/collab';

export interface CollabContext {
	userId: string;
	role: 'owner' | 'editor' | 'viewer';
}

export interface CollabServer {
	/** Takes a WebSocket upgrade for /collab; returns false for any other path (e.g. Vite's HMR). */
	handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean;
	/** Stores every document with pending changes now (shutdown, tests). */
	flush(): Promise<void>;
	destroy(): Promise<void>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function refuse(reason: string): never {
	throw Object.assign(new Error(reason), { reason });
}

/**
 * Hocuspocus on the app's own HTTP server at /collab. One document per journey (named by the
 * journey id). A connection authenticates with the user's JWT; non-members are refused and
 * viewers get a read-only connection. Documents are stored 2 s after the last change (at most
 * every 10 s while edits keep coming) and when the last person leaves, then projected into the
 * tables.
 */
export interface CollabOptions {
	/**
	 * redis://host:port — several app instances then share live editing and presence: updates
	 * and awareness go through Redis pub/sub, and only one instance stores each change.
	 */
	redisUrl?: string;
	/** Key prefix in Redis (tests isolate themselves with it). */
	redisPrefix?: string;
}

function redisExtension(url: string, prefix: string): Extension {
	const parsed = new URL(url);
	return new Redis({
		host: parsed.hostname,
		port: Number(parsed.port || 6379),
		prefix,
		options: {
			...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
			...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
			db: parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0
		}
	});
}

export function createCollabServer(stack: Stack, auth: AuthBackend, options: CollabOptions = {}): CollabServer {
	const service = serviceClient(stack);
	const server = new Server<CollabContext>({
		quiet: true,
		extensions: options.redisUrl ? [redisExtension(options.redisUrl, options.redisPrefix ?? 'journey-studio')] : [],
		debounce: 2000,
		maxDebounce: 10_000,
		async onAuthenticate({ token, documentName, connectionConfig }) {
			if (!UUID.test(documentName)) refuse('unknown-journey');
			const user = token ? await auth.verifyToken(token) : null;
			if (!user) refuse('invalid-token');
			// As the user: RLS decides whether this journey is theirs to see.
			const db = userClient(stack, token);
			const { data: journey } = await db.from('journeys').select('workspace_id').eq('id', documentName).maybeSingle();
			if (!journey) refuse('not-a-member');
			const { data: member } = await db
				.from('workspace_members')
				.select('role')
				.eq('workspace_id', journey.workspace_id)
				.eq('user_id', user.id)
				.maybeSingle();
			if (!member) refuse('not-a-member');
			connectionConfig.readOnly = member.role === 'viewer';
			return { userId: user.id, role: member.role } satisfies CollabContext;
		},
		async onLoadDocument({ document, documentName }) {
			const state = await loadState(service, documentName);
			if (state) {
				Y.applyUpdate(document, state);
			} else {
				writeDocument(document, await documentFromTables(service, documentName));
			}
		},
		async onStoreDocument({ document, documentName }) {
			await storeDocument(service, documentName, document);
		}
	});

	return {
		handleUpgrade(request, socket, head) {
			const path = new URL(request.url ?? '/', 'http://localhost').pathname;
			if (path !== COLLAB_PATH) return false;
			server.httpServer.emit('upgrade', request, socket, head);
			return true;
		},
		async flush() {
			server.hocuspocus.flushPendingStores();
			// flushPendingStores starts the stores; wait for them to finish.
			for (let i = 0; i < 100 && [...server.hocuspocus.documents.keys()].some((name) => server.hocuspocus.debouncer.isDebounced(`onStoreDocument-${name}`) || server.hocuspocus.debouncer.isCurrentlyExecuting(`onStoreDocument-${name}`)); i++) {
				await new Promise((r) => setTimeout(r, 50));
			}
		},
		destroy: () => server.destroy()
	};
}
