import { describe, expect, test } from 'vitest';
import { copyFragment, prepareFragment } from '#lib/canvas/clipboard.js';
import { toFlowEdges, toFlowNodes } from '#lib/canvas/mapping.js';
import { parseJourneyFile, withFreshIds } from '#lib/domain/journey/import.js';
import { TEMPLATES, documentFromTemplate } from '#lib/domain/journey/templates.js';
import { journeyExport } from '#lib/canvas/export.js';

let n = 0;
const ids = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;

describe('templates', () => {
	test.each(TEMPLATES.map((t) => [t.name, t] as const))('%s becomes a complete, arranged document', (_name, template) => {
		const doc = documentFromTemplate(template, ids);
		expect(doc.stages.map((s) => s.name)).toEqual(template.stages.map((s) => s.name));
		expect(doc.touchpoints).toHaveLength(template.stages.reduce((sum, s) => sum + s.touchpoints.length, 0));
		for (const tp of doc.touchpoints) expect(doc.stages.some((s) => s.id === tp.stageId)).toBe(true);
		expect(new Set(doc.touchpoints.map((t) => `${t.x},${t.y}`)).size).toBe(doc.touchpoints.length);
	});
	test('the three built-in templates exist', () => {
		expect(TEMPLATES.map((t) => t.key)).toEqual(['ecommerce', 'saas', 'telecom-support']);
	});
});

describe('journey files', () => {
	const doc = documentFromTemplate(TEMPLATES[2]!, ids);
	doc.personas.push({ id: 'p1', personaId: 'lib', name: 'Maya', x: 0, y: 0 });
	doc.touchpoints[0]!.personaIds = ['p1'];
	doc.edges.push({ id: 'e1', source: doc.touchpoints[0]!.id, target: doc.touchpoints[1]!.id, label: 'next' });
	doc.notes.push({ id: 'n1', kind: 'pain', text: '<img src=x onerror=alert(1)>', x: 1, y: 2 });

	test('an export parses back to the same document', () => {
		const parsed = parseJourneyFile(JSON.stringify(journeyExport('Support', 'd', doc)));
		expect(parsed.ok && parsed.file.document).toEqual(doc);
	});

	test.each([
		['not json', '{oops', /not valid JSON/],
		['another format', JSON.stringify({ format: 'miro', version: 1, name: 'x', document: {} }), /format/],
		['a bad channel', JSON.stringify(journeyExport('x', '', { ...doc, touchpoints: [{ ...doc.touchpoints[0]!, channel: 'fax' as never }] })), /document\.touchpoints\.0\.channel/],
		['a huge name', JSON.stringify(journeyExport('x', '', { ...doc, stages: [{ id: 's', name: 'x'.repeat(300) }] })), /document\.stages\.0\.name is longer than 200/],
		['no name', JSON.stringify({ ...journeyExport('x', '', doc), name: '  ' }), /no name/]
	])('refuses %s with a message that says where', (_what, raw, message) => {
		const parsed = parseJourneyFile(raw);
		expect(parsed.ok).toBe(false);
		if (!parsed.ok) expect(parsed.message).toMatch(message);
	});

	test('fresh ids replace every id and keep every reference consistent', () => {
		const fresh = withFreshIds(doc, ids);
		const oldIds = new Set([...doc.stages, ...doc.touchpoints, ...doc.personas, ...doc.notes, ...doc.edges].map((x) => x.id));
		for (const x of [...fresh.stages, ...fresh.touchpoints, ...fresh.personas, ...fresh.notes, ...fresh.edges]) expect(oldIds.has(x.id)).toBe(false);
		const stageIds = new Set(fresh.stages.map((s) => s.id));
		for (const tp of fresh.touchpoints) expect(stageIds.has(tp.stageId!)).toBe(true);
		expect(fresh.touchpoints[0]!.personaIds).toEqual([fresh.personas[0]!.id]);
		expect(fresh.edges[0]).toMatchObject({ source: fresh.touchpoints[0]!.id, target: fresh.touchpoints[1]!.id, label: 'next' });
		expect(Object.keys(fresh.emotions).every((id) => stageIds.has(id))).toBe(true);
		expect(fresh.notes[0]!.text).toBe(doc.notes[0]!.text); // kept as text; never rendered as HTML
	});
});

describe('clipboard', () => {
	test('copy keeps edges inside the selection; paste gives new ids, an offset, and drops unknown stages', () => {
		const doc = documentFromTemplate(TEMPLATES[0]!, ids);
		const [a, b, c] = doc.touchpoints;
		doc.edges = [
			{ id: 'e1', source: a!.id, target: b!.id, label: '' },
			{ id: 'e2', source: b!.id, target: c!.id, label: '' }
		];
		const fragment = copyFragment(doc, new Set([a!.id, b!.id]));
		expect(fragment.edges.map((e) => e.id)).toEqual(['e1']);
		const pasted = prepareFragment(fragment, { ...doc, stages: [] }, 40, ids);
		expect(pasted.touchpoints.map((t) => t.id)).not.toContain(a!.id);
		expect(pasted.touchpoints[0]).toMatchObject({ x: a!.x + 40, y: a!.y + 40, stageId: null });
		expect(pasted.edges[0]).toMatchObject({ source: pasted.touchpoints[0]!.id, target: pasted.touchpoints[1]!.id });
	});
});

describe('canvas mapping', () => {
	test('lanes come first, every touchpoint becomes a node, persona links become dashed edges', () => {
		const doc = documentFromTemplate(TEMPLATES[1]!, ids);
		doc.personas.push({ id: 'p1', personaId: 'lib', name: 'Maya', x: -300, y: 0 });
		doc.touchpoints[0]!.personaIds = ['p1'];
		const nodes = toFlowNodes(doc, { readOnly: true, selected: new Set([doc.touchpoints[1]!.id]) });
		expect(nodes.slice(0, doc.stages.length).every((n) => n.type === 'lane')).toBe(true);
		expect(nodes.filter((n) => n.type === 'touchpoint')).toHaveLength(doc.touchpoints.length);
		expect(nodes.find((n) => n.id === doc.touchpoints[1]!.id)?.selected).toBe(true);
		expect(nodes.every((n) => n.draggable === false)).toBe(true); // read-only
		expect(nodes.at(-1)?.type).toBe('emotion');
		expect(toFlowEdges(doc, new Set()).map((e) => e.id)).toEqual([`link:p1:${doc.touchpoints[0]!.id}`]);
	});
});
