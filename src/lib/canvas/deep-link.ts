import type { PanelTab } from '#lib/state/side-panel.svelte.js';

/**
 * Links into a journey's canvas that open one touchpoint: `?touchpoint=<id>&panel=metrics`
 * selects it, centres it and shows that tab of the side panel once the map has arrived.
 */
const PANELS: readonly PanelTab[] = ['details', 'metrics', 'actions', 'comments', 'history'];

export function canvasHref(workspaceId: string, journeyId: string, touchpointId: string, panel: PanelTab = 'metrics'): string {
	return `/w/${workspaceId}/journeys/${journeyId}?${new URLSearchParams({ touchpoint: touchpointId, panel })}`;
}

/** The node and tab a link asks for; null when it asks for none (an unknown tab is ignored). */
export function readCanvasLink(params: Pick<URLSearchParams, 'get'>): { nodeId: string; panel: PanelTab | null } | null {
	const nodeId = params.get('touchpoint');
	if (!nodeId || nodeId.length > 100) return null;
	const panel = params.get('panel');
	return { nodeId, panel: PANELS.includes(panel as PanelTab) ? (panel as PanelTab) : null };
}
