import type { useSvelteFlow } from '@xyflow/svelte';
import { TOUCHPOINT_SIZE } from '#lib/domain/journey/model.js';
import type { JourneyCanvas } from '#lib/state/journey-canvas.svelte.js';

/** Selects a node and brings it into view (zooming in to at least 80 % when further out). */
export function focusNode(canvas: JourneyCanvas, flow: ReturnType<typeof useSvelteFlow>, id: string) {
	canvas.select([id]);
	const node = canvas.nodes.find((n) => n.id === id);
	if (node) {
		flow.setCenter(node.position.x + TOUCHPOINT_SIZE.width / 2, node.position.y + TOUCHPOINT_SIZE.height / 2, {
			zoom: Math.max(flow.getViewport().zoom, 0.8),
			duration: 300
		});
	}
}
