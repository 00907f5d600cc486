import { getNodesBounds, getViewportForBounds, type Node } from '@xyflow/svelte';
import type { JourneyDocument } from '#lib/domain/journey/model.js';

/** The journey export file: what "Export JSON" writes and "Import" reads. */
export interface JourneyExport {
	format: 'journey-studio/journey';
	version: 1;
	name: string;
	description: string;
	exportedAt: string;
	document: JourneyDocument;
}

export function journeyExport(name: string, description: string, document: JourneyDocument): JourneyExport {
	return { format: 'journey-studio/journey', version: 1, name, description, exportedAt: new Date().toISOString(), document };
}

export function download(filename: string, href: string) {
	const link = document.createElement('a');
	link.download = filename;
	link.href = href;
	link.click();
}

export function downloadJson(filename: string, value: unknown) {
	const url = URL.createObjectURL(new Blob([JSON.stringify(value, null, 2)], { type: 'application/json' }));
	download(filename, url);
	setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const fileSafe = (name: string) => name.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '').slice(0, 80) || 'journey';

/**
 * Renders everything on the canvas (not just what is in view) to PNG or SVG at print resolution:
 * the viewport element is re-transformed to frame all nodes, then html-to-image captures it.
 */
export async function exportImage(nodes: Node[], format: 'png' | 'svg', filename: string) {
	const { toPng, toSvg } = await import('html-to-image');
	const viewport = document.querySelector<HTMLElement>('.svelte-flow__viewport');
	if (!viewport || nodes.length === 0) throw new Error('Nothing to export yet');
	const bounds = getNodesBounds(nodes);
	const padding = 48;
	const width = Math.ceil(bounds.width + padding * 2);
	const height = Math.ceil(bounds.height + padding * 2);
	const frame = getViewportForBounds(bounds, width, height, 0.1, 2, 0);
	const options = {
		backgroundColor: getComputedStyle(document.body).backgroundColor || '#ffffff',
		width,
		height,
		pixelRatio: 3, // ~300 dpi for an A4-wide print of a typical journey
		style: { width: `${width}px`, height: `${height}px`, transform: `translate(${frame.x}px, ${frame.y}px) scale(${frame.zoom})` },
		// Handles and the attribution are UI, not content.
		filter: (node: HTMLElement) =>
			!node.classList?.contains('svelte-flow__handle') && !(node instanceof HTMLButtonElement) && !(node instanceof HTMLSelectElement)
	};
	const href = format === 'png' ? await toPng(viewport, options) : await toSvg(viewport, options);
	download(`${filename}.${format}`, href);
}
