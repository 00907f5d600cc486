import { listJourneyActions, type CanvasAction } from '#lib/data/actions.js';
import { browserClient } from '#lib/data/browser.js';
import { isOpen } from '#lib/domain/actions.js';

/**
 * The actions of one journey for its canvas: the Actions tab lists them, and the open ones are
 * counted per node for the badges. Loaded on open (actions are created on their own pages,
 * so coming back to the canvas reloads them).
 */
export class JourneyActions {
	actions = $state.raw<CanvasAction[]>([]);
	loaded = $state(false);
	error = $state<string | null>(null);

	constructor(
		private readonly journeyId: string,
		private readonly oncounts: (counts: ReadonlyMap<string, number>) => void
	) {}

	async load() {
		try {
			this.actions = await listJourneyActions(await browserClient(), this.journeyId);
			this.error = null;
		} catch (caught) {
			this.error = caught instanceof Error ? caught.message : String(caught);
		}
		this.loaded = true;
		this.oncounts(openCounts(this.actions));
	}

	/** Actions about one node (touchpoint or note). */
	about(nodeId: string): CanvasAction[] {
		return this.actions.filter((a) => a.touchpointId === nodeId || a.noteId === nodeId);
	}
}

export function openCounts(actions: readonly CanvasAction[]): Map<string, number> {
	const counts = new Map<string, number>();
	for (const a of actions) {
		const node = a.touchpointId ?? a.noteId;
		if (node && isOpen(a.status)) counts.set(node, (counts.get(node) ?? 0) + 1);
	}
	return counts;
}
