/**
 * Notices sent over the collaboration socket (Hocuspocus stateless messages) when something
 * that lives outside the Yjs document changes, so everyone on the journey reloads it.
 */
export const NOTICES = ['comments', 'versions', 'metrics', 'votes', 'timer'] as const;
export type Notice = (typeof NOTICES)[number];

/**
 * The notices a client may ask the server to pass on (it changed comments, versions, a workshop
 * voting round or the workshop timer through the REST API). 'metrics' is the server's own: sent
 * after a survey answer, never relayed.
 */
export const CLIENT_NOTICES: readonly Notice[] = ['comments', 'versions', 'votes', 'timer'];

export const noticePayload = (notice: Notice) => JSON.stringify({ changed: notice });

/** The notice in a stateless message from the server, or null for anything else. */
export function readNotice(payload: string): Notice | null {
	try {
		const changed = (JSON.parse(payload) as { changed?: unknown }).changed;
		return NOTICES.find((n) => n === changed) ?? null;
	} catch {
		return null;
	}
}
