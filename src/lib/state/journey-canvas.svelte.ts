import { HocuspocusProvider } from '@hocuspocus/provider';
import { IndexeddbPersistence } from 'y-indexeddb';
import * as Y from 'yjs';
import { toFlowEdges, toFlowNodes } from '#lib/canvas/mapping.js';
import { copyFragment, isFragment, prepareFragment } from '#lib/canvas/clipboard.js';
import { LANE_PREFIX, type CanvasEdge, type CanvasNode } from '#lib/canvas/types.js';
import type { CanvasMetrics } from './metrics.svelte.js';
import { LANE, TOUCHPOINT_SIZE, emptyDocument, stageAt, type JourneyDocument } from '#lib/domain/journey/model.js';
import { JourneyEditor } from '#lib/sync/editor.js';
import { readDocument, writeDocument } from '#lib/sync/ydoc.js';
import { readNotice, type Notice } from '#lib/sync/notices.js';
import { colorFor, remoteSelections } from '#lib/sync/presence.js';
import { Presence } from './presence.svelte.js';
import { SidePanel } from './side-panel.svelte.js';

export type ConnectionStatus = 'connecting' | 'connected' | 'offline' | 'refused';

const CLIPBOARD_KEY = 'journey-studio:clipboard';

/**
 * Everything the journey canvas shows and does, in one place: the shared Yjs document (synced
 * through /collab), the nodes and edges Svelte Flow draws (rebuilt from the document whenever it
 * changes, never synced by an $effect), the selection, undo/redo and the connection state.
 */
export class JourneyCanvas {
	nodes = $state.raw<CanvasNode[]>([]);
	edges = $state.raw<CanvasEdge[]>([]);
	document = $state.raw<JourneyDocument>(emptyDocument());
	status = $state<ConnectionStatus>('connecting');
	synced = $state(false);
	/** The copy kept in this browser (IndexedDB) has loaded: the map can show before the server answers. */
	localReady = $state(false);
	readOnly = $state(false);
	refusal = $state('');
	/** Local changes the server has not confirmed yet (shown while offline or reconnecting). */
	pendingChanges = $state(0);
	canUndo = $state(false);
	canRedo = $state(false);
	/** Ids of selected nodes and edges. */
	selection = $state.raw<ReadonlySet<string>>(new Set());
	/** Bumped when the server says the journey's metrics changed (a survey answer came in): read it to reload them. */
	metricsVersion = $state(0);
	/** Open comment threads per node (the badge on touchpoints and notes). */
	private commentCounts: ReadonlyMap<string, number> = new Map();
	private actionCounts: ReadonlyMap<string, number> = new Map();
	/** What the metrics add to the nodes: badges, and with the overlay friction and the experience curve. */
	private metrics: CanvasMetrics = { badges: new Map(), friction: null, experience: null };
	private noticeHandlers = new Map<Notice, () => void>();

	readonly doc = new Y.Doc();
	readonly presence = new Presence(
		() => this.doc.clientID,
		() => this.rebuild()
	);
	readonly editor = new JourneyEditor(this.doc);
	readonly panel = new SidePanel();
	private provider: HocuspocusProvider | null = null;
	private local: IndexeddbPersistence | null = null;
	private firstSync: (() => void)[] = [];
	private rebuildQueued = false;

	constructor(readonly journeyId: string) {
		this.doc.on('update', () => this.queueRebuild());
		this.editor.undoManager.on('stack-item-added', () => this.updateUndoState());
		this.editor.undoManager.on('stack-item-popped', () => this.updateUndoState());
	}

	/** Opens the shared document. The token function is called again on every reconnect. */
	connect(url: string, token: () => Promise<string>, me?: { id: string; name: string }) {
		// Edits are kept in the browser too, per user and journey: work done offline (or when the
		// laptop sleeps, or the tab is closed before reconnecting) merges when the server is back.
		if (me && typeof indexedDB !== 'undefined') {
			this.local = new IndexeddbPersistence(`journey-studio:${me.id}:${this.journeyId}`, this.doc);
			this.local.whenSynced.then(() => {
				this.localReady = true;
				this.rebuild();
			});
		}
		this.provider = new HocuspocusProvider({
			url,
			name: this.journeyId,
			document: this.doc,
			token,
			onStatus: ({ status }) => {
				if (this.status !== 'refused') this.status = status === 'connected' ? 'connected' : status === 'connecting' ? 'connecting' : 'offline';
			},
			onSynced: () => {
				const first = !this.synced;
				this.synced = true;
				this.readOnly = this.provider?.authorizedScope === 'readonly';
				this.rebuild();
				if (first) queueMicrotask(() => this.runFirstSync());
			},
			onStateless: ({ payload }) => {
				const notice = readNotice(payload);
				if (notice === 'metrics') this.metricsVersion++;
				if (notice) this.noticeHandlers.get(notice)?.();
			},
			onUnsyncedChanges: ({ number }) => {
				this.pendingChanges = number;
			},
			onAuthenticationFailed: ({ reason }) => {
				this.status = 'refused';
				this.refusal = reason;
				// No access (any more): do not keep a copy of this journey in the browser.
				if (reason === 'not-a-member') void this.local?.clearData();
			},
			// Awareness events fire synchronously inside whatever published (possibly a Svelte
			// effect); update the peers outside it.
			onAwarenessChange: ({ states }) => queueMicrotask(() => this.presence.update(states))
		});
		if (me && this.provider.awareness) this.presence.start(this.provider.awareness, { ...me, color: colorFor(me.id) });
	}

	/** Called when someone else changed the journey's comments or versions. */
	onNotice(notice: Notice, handler: () => void) {
		this.noticeHandlers.set(notice, handler);
	}

	/** Tells everyone else on the journey that its comments or versions changed. */
	announce(notice: Notice) {
		this.provider?.sendStateless(notice);
	}

	setCommentCounts(counts: ReadonlyMap<string, number>) {
		this.commentCounts = counts;
		this.rebuild();
	}

	setActionCounts(counts: ReadonlyMap<string, number>) {
		this.actionCounts = counts;
		this.rebuild();
	}

	setMetrics(view: CanvasMetrics) {
		this.metrics = view;
		this.rebuild();
	}

	/** Shows a stored version read-only (the version preview page): no socket, no editing. */
	openReadOnly(document: JourneyDocument) {
		writeDocument(this.doc, document);
		this.readOnly = true;
		this.synced = true;
		this.status = 'connected';
		this.rebuild();
		queueMicrotask(() => this.runFirstSync());
	}

	/** Runs once, when the document has arrived (the canvas frames the map then; a link may open a node), in the order asked. */
	whenFirstSynced(callback: () => void) {
		this.firstSync.push(callback);
	}

	private runFirstSync() {
		for (const callback of this.firstSync.splice(0)) callback();
	}

	destroy() {
		this.provider?.destroy();
		void this.local?.destroy();
		this.editor.undoManager.destroy();
		this.doc.destroy();
	}

	private queueRebuild() {
		if (this.rebuildQueued) return;
		this.rebuildQueued = true;
		queueMicrotask(() => {
			this.rebuildQueued = false;
			this.rebuild();
		});
	}

	/** Re-derives what Svelte Flow draws from the document, keeping nodes being dragged in place. */
	private rebuild() {
		this.document = readDocument(this.doc);
		const dragging = new Map(this.nodes.filter((n) => n.dragging).map((n) => [n.id, n]));
		const next = toFlowNodes(this.document, {
			readOnly: this.readOnly,
			selected: this.selection,
			remote: remoteSelections(this.presence.peers),
			comments: this.commentCounts,
			actions: this.actionCounts,
			badges: this.metrics.badges,
			friction: this.metrics.friction,
			experience: this.metrics.experience,
			// What Svelte Flow measured (written back into the nodes through bind:nodes) carries over.
			measured: new Map(this.nodes.flatMap((n) => (n.measured ? [[n.id, n.measured] as const] : [])))
		});
		this.nodes = dragging.size === 0 ? next : next.map((n) => (dragging.has(n.id) ? { ...n, position: dragging.get(n.id)!.position, dragging: true } : n));
		this.edges = toFlowEdges(this.document, this.selection);
	}

	private updateUndoState() {
		this.canUndo = this.editor.undoManager.undoStack.length > 0;
		this.canRedo = this.editor.undoManager.redoStack.length > 0;
	}

	/** Called from Svelte Flow's selection effect: writes state, never reads it (no feedback loop). */
	setSelection(ids: Iterable<string>) {
		const list = [...ids];
		this.selection = new Set(list);
		this.presence.setSelection(list);
	}

	/** Selects from outside Svelte Flow (a link into the map): the nodes are redrawn with it selected. */
	select(ids: Iterable<string>) {
		this.setSelection(ids);
		this.rebuild();
	}

	/** The selected touchpoint, note, persona or edge the details panel edits (single selection only). */
	get selectedItem() {
		if (this.selection.size !== 1) return null;
		const [id] = this.selection;
		const d = this.document;
		const tp = d.touchpoints.find((t) => t.id === id);
		if (tp) return { kind: 'touchpoint' as const, item: tp };
		const note = d.notes.find((n) => n.id === id);
		if (note) return { kind: 'note' as const, item: note };
		const persona = d.personas.find((p) => p.id === id);
		if (persona) return { kind: 'persona' as const, item: persona };
		const edge = d.edges.find((e) => e.id === id);
		if (edge) return { kind: 'edge' as const, item: edge };
		const stage = d.stages.find((s) => LANE_PREFIX + s.id === id);
		if (stage) return { kind: 'stage' as const, item: stage };
		return null;
	}

	undo = () => !this.readOnly && this.editor.undo();
	redo = () => !this.readOnly && this.editor.redo();

	/** Draws a flow between two nodes; from a persona to a touchpoint it links them instead. */
	connectNodes(source: string, target: string) {
		if (this.readOnly) return;
		const doc = this.document;
		const persona = doc.personas.find((p) => p.id === source || p.id === target);
		const touchpoint = doc.touchpoints.find((t) => t.id === source || t.id === target);
		if (persona && touchpoint) {
			if (!touchpoint.personaIds.includes(persona.id)) this.editor.togglePersonaLink(touchpoint.id, persona.id);
			return;
		}
		this.editor.connect(source, target);
	}

	/** After a drag: store positions; a touchpoint joins the lane it was dropped in; a lane moves. */
	dropNodes(dropped: CanvasNode[]) {
		if (this.readOnly) return;
		const lane = dropped.find((n) => n.type === 'lane');
		if (lane) {
			const stageId = lane.id.slice(LANE_PREFIX.length);
			const index = Math.round(lane.position.x / (LANE.width + LANE.gap));
			this.editor.moveStage(stageId, Math.max(0, Math.min(index, this.document.stages.length - 1)));
			this.rebuild(); // lanes snap back into their columns
			return;
		}
		this.editor.moveNodes(
			dropped
				.filter((n) => n.type === 'touchpoint' || n.type === 'note' || n.type === 'persona')
				.map((n) => ({
					id: n.id,
					x: n.position.x,
					y: n.position.y,
					...(n.type === 'touchpoint' ? { stageId: stageAt(this.document.stages, n.position.x + TOUCHPOINT_SIZE.width / 2) } : {})
				}))
		);
	}

	/** Deletes the selection (stages with their touchpoints). Returns what was deleted, for the message. */
	deleteSelection(): number {
		if (this.readOnly || this.selection.size === 0) return 0;
		const ids = [...this.selection];
		const stages = ids.filter((id) => id.startsWith(LANE_PREFIX)).map((id) => id.slice(LANE_PREFIX.length));
		for (const stageId of stages) this.editor.removeStage(stageId);
		for (const link of ids.filter((id) => id.startsWith('link:'))) {
			const [, placementId, touchpointId] = link.split(':');
			this.editor.togglePersonaLink(touchpointId!, placementId!);
		}
		this.editor.remove(ids.filter((id) => !id.startsWith(LANE_PREFIX) && !id.startsWith('link:')));
		this.setSelection([]);
		return ids.length;
	}

	copy(): boolean {
		const fragment = copyFragment(this.document, this.selection);
		const count = fragment.touchpoints.length + fragment.notes.length + fragment.personas.length;
		if (count === 0) return false;
		const text = JSON.stringify(fragment);
		localStorage.setItem(CLIPBOARD_KEY, text);
		navigator.clipboard?.writeText(text).catch(() => undefined);
		return true;
	}

	/** Pastes what was copied (in this journey or another one), offset so copies are visible. */
	paste(): boolean {
		if (this.readOnly) return false;
		let parsed: unknown;
		try {
			parsed = JSON.parse(localStorage.getItem(CLIPBOARD_KEY) ?? 'null');
		} catch {
			return false;
		}
		if (!isFragment(parsed)) return false;
		const fragment = prepareFragment(parsed, this.document, 40, () => crypto.randomUUID());
		this.editor.insertFragment(fragment);
		this.setSelection([...fragment.touchpoints, ...fragment.notes, ...fragment.personas].map((n) => n.id));
		this.rebuild();
		return true;
	}

	duplicate(): boolean {
		return this.copy() && this.paste();
	}
}
