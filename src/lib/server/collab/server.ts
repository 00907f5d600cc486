import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { Redis } from '@hocuspocus/extension-redis';
import { Server } from '@hocuspocus/server';
import * as Y from 'yjs';
import type { AuthBackend } from '../auth/backend.js';
import type { Stack } from '../stack/index.js';
import { serviceClient, userClient } from '../supabase.js';
import { documentFromTables, loadState, storeDocument } from './persistence.js';
import type { JourneyDocument } from '#lib/domain/journey/model.js';
import { replaceDocument, writeDocument } from '#lib/sync/ydoc.js';
import { lastVersionAt, saveVersion } from '../data/versions.js';
import { CLIENT_NOTICES, noticePayload, type Notice } from '#lib/sync/notices.js';

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
	/** The current state of a journey's map: the live document when it is open, else the stored one. */
	currentState(journeyId: string): Promise<Uint8Array>;
	/** Makes a journey's map equal to another version, as one change everyone on it receives. */
	replace(journeyId: string, document: JourneyDocument, context: CollabContext): Promise<void>;
	/**
	 * Changes a journey's map on the server (e.g. touchpoints created by a file import) as one
	 * change everyone on it receives live; stored and projected into the tables before it resolves.
	 */
	edit(journeyId: string, body: (doc: Y.Doc) => void, context: CollabContext): Promise<void>;
	/** Tells everyone on a journey that its comments or versions changed (they reload them). */
	notify(journeyId: string, notice: Notice): void;
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
	/** Automatic versions are taken on store, at most this often per journey (default 10 minutes). */
	autoVersionMinutes?: number;
}

function redisExtension(url: string, prefix: string): Redis {
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
	const redis = options.redisUrl ? redisExtension(options.redisUrl, options.redisPrefix ?? 'journey-studio') : null;
	const autoVersionMs = (options.autoVersionMinutes ?? 10) * 60_000;
	// Who changed each open journey last: the author of its next automatic version.
	const lastEditor = new Map<string, string>();

	/** An automatic version when the newest one is older than the interval (a store = edits happened). */
	async function autoVersion(journeyId: string, workspaceId: string, document: Y.Doc) {
		const last = await lastVersionAt(service, journeyId);
		if (last && Date.now() - last.getTime() < autoVersionMs) return;
		const author = lastEditor.get(journeyId);
		await saveVersion(service, { journeyId, workspaceId, kind: 'auto', state: Y.encodeStateAsUpdate(document), ...(author ? { createdBy: author } : {}) });
		server.hocuspocus.documents.get(journeyId)?.broadcastStateless(noticePayload('versions'));
	}

	const server = new Server<CollabContext>({
		quiet: true,
		extensions: redis ? [redis] : [],
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
		async onChange({ documentName, context }) {
			if (context?.userId) lastEditor.set(documentName, context.userId);
		},
		async onStoreDocument({ document, documentName }) {
			const stored = await storeDocument(service, documentName, document);
			if (stored) {
				await autoVersion(documentName, stored.workspaceId, document).catch((error: unknown) =>
					console.error(`[journey-studio] automatic version of ${documentName} failed:`, error)
				);
			}
		},
		async afterUnloadDocument({ documentName }) {
			lastEditor.delete(documentName);
		},
		/**
		 * A client says it changed the journey's comments or versions (through the REST API). The
		 * server tells the others with a notice of its own making: client text is never relayed.
		 */
		async onStateless({ payload, document, connection }) {
			const notice = CLIENT_NOTICES.find((n) => n === payload);
			if (notice) document.broadcastStateless(noticePayload(notice), (other) => other !== connection);
		}
	});

	async function withDocument<T>(journeyId: string, context: CollabContext | undefined, body: (doc: Y.Doc) => T): Promise<T> {
		const connection = await server.hocuspocus.openDirectConnection(journeyId, context);
		try {
			let result!: T;
			await connection.transact((doc) => {
				result = body(doc);
			});
			return result;
		} finally {
			await connection.disconnect();
		}
	}

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
		async currentState(journeyId) {
			// Open here: the live state. Otherwise the stored one (with several instances, edits on
			// another instance reach the store within its debounce).
			const open = server.hocuspocus.documents.get(journeyId);
			if (open) return Y.encodeStateAsUpdate(open);
			const stored = await loadState(service, journeyId);
			if (stored) return stored;
			return withDocument(journeyId, undefined, (doc) => Y.encodeStateAsUpdate(doc));
		},
		// The direct connection stores (and projects) the result as it disconnects.
		replace: (journeyId, document, context) => withDocument(journeyId, context, (doc) => replaceDocument(doc, document)),
		edit: (journeyId, body, context) => withDocument(journeyId, context, body),
		notify(journeyId, notice) {
			const payload = noticePayload(notice);
			const open = server.hocuspocus.documents.get(journeyId);
			// Open here: its clients, and through Redis the other instances that have it open.
			if (open) open.broadcastStateless(payload);
			// Not open here (e.g. a survey answer taken by this instance): straight to Redis.
			else
				redis?.beforeBroadcastStateless({ documentName: journeyId, payload } as Parameters<Redis['beforeBroadcastStateless']>[0]).catch((error: unknown) =>
					console.error(`[journey-studio] could not send a notice for ${journeyId} through Redis:`, error)
				);
		},
		destroy: () => server.destroy()
	};
}
