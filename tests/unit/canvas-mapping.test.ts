import { describe, expect, test } from 'vitest';
import { TOUCHPOINT_HANDLES, toFlowNodes } from '#lib/canvas/mapping.js';
import { TOUCHPOINT_SIZE } from '#lib/domain/journey/model.js';
import { TEMPLATES, documentFromTemplate } from '#lib/domain/journey/templates.js';

let n = 0;
const ids = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;

describe('toFlowNodes and what Svelte Flow measured', () => {
	const doc = documentFromTemplate(TEMPLATES[0]!, ids);
	const [first, second] = doc.touchpoints;

	test('touchpoints not measured yet come with their handle positions, so Svelte Flow need not render them to measure', () => {
		const nodes = toFlowNodes(doc, { readOnly: false, selected: new Set() });
		const touchpoints = nodes.filter((node) => node.type === 'touchpoint');
		expect(touchpoints).toHaveLength(doc.touchpoints.length);
		for (const node of touchpoints) {
			expect(node.handles).toBe(TOUCHPOINT_HANDLES);
			// Their fixed size counts as measured: Svelte Flow's fitView waits for every node to have one.
			expect(node.measured).toEqual(TOUCHPOINT_SIZE);
		}
		// Lanes, notes and the emotion lane have no handles Svelte Flow could draw an edge to before measuring.
		expect(nodes.filter((node) => node.type !== 'touchpoint').every((node) => node.handles === undefined)).toBe(true);
	});

	test('the handles sit on the middle of the left and right borders, one of each type', () => {
		const [target, source] = TOUCHPOINT_HANDLES;
		expect(target).toMatchObject({ type: 'target', position: 'left' });
		expect(source).toMatchObject({ type: 'source', position: 'right' });
		for (const handle of TOUCHPOINT_HANDLES) expect(handle.y! + handle.height! / 2).toBe(TOUCHPOINT_SIZE.height / 2);
		// Centred on the inner edge of the 1.5 px border (as measured in Chromium), within 2 px of the outer edge.
		expect(Math.abs(target!.x! + target!.width! / 2)).toBeLessThanOrEqual(2);
		expect(Math.abs(source!.x! + source!.width! / 2 - TOUCHPOINT_SIZE.width)).toBeLessThanOrEqual(2);
	});

	test('a measured node keeps its size across a rebuild and gets no static handles (its own measured ones stay)', () => {
		const size = { width: 236, height: 76 };
		const lane = `lane:${doc.stages[0]!.id}`;
		const nodes = toFlowNodes(doc, {
			readOnly: false,
			selected: new Set(),
			measured: new Map([
				[first!.id, size],
				[lane, { width: 280, height: 900 }]
			])
		});
		const byId = new Map(nodes.map((node) => [node.id, node]));
		expect(byId.get(first!.id)).toMatchObject({ measured: size });
		expect(byId.get(first!.id)!.handles).toBeUndefined();
		expect(byId.get(lane)!.measured).toEqual({ width: 280, height: 900 });
		// The others are still unmeasured: static handles and the fixed size.
		expect(byId.get(second!.id)!.handles).toBe(TOUCHPOINT_HANDLES);
		expect(byId.get(second!.id)!.measured).toEqual(TOUCHPOINT_SIZE);
	});
});
