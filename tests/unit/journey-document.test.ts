import * as Y from 'yjs';
import { describe, expect, test } from 'vitest';
import { arrangeTouchpoints } from '#lib/domain/journey/layout.js';
import { LANE, TOUCHPOINT_SIZE, laneX, stageAt, type JourneyDocument } from '#lib/domain/journey/model.js';
import { JourneyEditor, LOCAL_ORIGIN } from '#lib/sync/editor.js';
import { readDocument, replaceDocument, replaceText, writeDocument } from '#lib/sync/ydoc.js';

let n = 0;
const ids = () => `id-${++n}`;

function sample(): JourneyDocument {
	return {
		stages: [
			{ id: 's1', name: 'Discover' },
			{ id: 's2', name: 'Buy' }
		],
		touchpoints: [
			{ id: 't1', stageId: 's1', name: 'Ad', channel: 'web', description: 'd', owner: 'Marketing', momentOfTruth: false, personaIds: ['p1'], x: 10, y: 80 },
			{ id: 't2', stageId: 's2', name: 'Checkout', channel: 'app', description: '', owner: '', momentOfTruth: true, personaIds: [], x: 320, y: 80 }
		],
		personas: [{ id: 'p1', personaId: 'lib-1', name: 'Maya', x: -300, y: 0 }],
		notes: [{ id: 'n1', kind: 'pain', text: 'Too slow', x: 0, y: 300 }],
		edges: [{ id: 'e1', source: 't1', target: 't2', label: 'then' }],
		emotions: { s1: 1, s2: -2 }
	};
}

/** Two replicas wired together like two browsers on one journey. */
function pair() {
	const a = new Y.Doc();
	const b = new Y.Doc();
	a.on('update', (u: Uint8Array, origin: unknown) => origin !== 'remote' && Y.applyUpdate(b, u, 'remote'));
	b.on('update', (u: Uint8Array, origin: unknown) => origin !== 'remote' && Y.applyUpdate(a, u, 'remote'));
	return { a, b };
}

describe('journey document <-> Yjs', () => {
	test('write then read returns the same document', () => {
		const doc = new Y.Doc();
		writeDocument(doc, sample());
		expect(readDocument(doc)).toEqual(sample());
	});

	test('edges to deleted nodes and emotions of deleted stages are not read', () => {
		const doc = new Y.Doc();
		writeDocument(doc, sample());
		doc.getMap('touchpoints').delete('t2');
		doc.getMap('stages').delete('s2');
		const read = readDocument(doc);
		expect(read.edges).toEqual([]);
		expect(read.emotions).toEqual({ s1: 1 });
		expect(read.stages.map((s) => s.id)).toEqual(['s1']);
	});

	test('replaceText makes the smallest edit, so concurrent edits of one name merge', () => {
		const { a, b } = pair();
		writeDocument(a, sample());
		const nameA = (a.getMap('touchpoints').get('t2') as Y.Map<Y.Text>).get('name')!;
		const nameB = (b.getMap('touchpoints').get('t2') as Y.Map<Y.Text>).get('name')!;
		// Disconnect, edit both sides, reconnect.
		const offline = new Y.Doc();
		Y.applyUpdate(offline, Y.encodeStateAsUpdate(b));
		const nameOffline = (offline.getMap('touchpoints').get('t2') as Y.Map<Y.Text>).get('name')!;
		replaceText(nameA, 'Online checkout');
		replaceText(nameOffline, 'Checkout page');
		Y.applyUpdate(a, Y.encodeStateAsUpdate(offline));
		Y.applyUpdate(offline, Y.encodeStateAsUpdate(a));
		expect(nameA.toString()).toBe('Online checkout page');
		expect(nameOffline.toString()).toBe(nameA.toString());
		expect(nameB.toString()).toBe('Online checkout page');
	});
});

describe('replaceDocument (restoring a version)', () => {
	test('makes the document equal to the version and touches only what differs', () => {
		const { a, b } = pair();
		writeDocument(a, sample());
		const version = sample();
		const edit = new JourneyEditor(a, ids);
		edit.addStage('Use');
		edit.updateTouchpoint('t1', { name: 'Banner ad' });
		edit.remove(['n1']);
		const untouched = a.getMap('touchpoints').get('t2');
		let updates = 0;
		b.on('update', () => updates++);
		replaceDocument(a, version);
		expect(readDocument(a)).toEqual(version);
		expect(readDocument(b)).toEqual(version);
		expect(updates).toBe(1); // one transaction reaches the other replica as one update
		expect(a.getMap('touchpoints').get('t2')).toBe(untouched);
	});

	test('restores stage order and emotions', () => {
		const doc = new Y.Doc();
		writeDocument(doc, sample());
		const edit = new JourneyEditor(doc, ids);
		edit.moveStage('s2', 0);
		edit.setEmotion('s1', -1);
		replaceDocument(doc, sample());
		expect(readDocument(doc).stages.map((s) => s.id)).toEqual(['s1', 's2']);
		expect(readDocument(doc).emotions).toEqual({ s1: 1, s2: -2 });
	});
});

describe('JourneyEditor', () => {
	test('adds stages and touchpoints, connects, renames, and undo/redo walk the steps back and forth', () => {
		const doc = new Y.Doc();
		const editor = new JourneyEditor(doc, ids);
		const stage = editor.addStage('Onboard');
		editor.checkpoint();
		const first = editor.addTouchpoint({ stageId: stage, name: 'Welcome email', channel: 'email' });
		editor.checkpoint();
		const second = editor.addTouchpoint({ stageId: stage, name: 'First login', channel: 'app' });
		editor.checkpoint();
		expect(editor.connect(first, second)).not.toBeNull();
		editor.checkpoint();
		expect(editor.connect(first, second)).toBeNull(); // duplicate
		expect(editor.connect(first, first)).toBeNull(); // self-loop
		editor.updateTouchpoint(first, { name: 'Welcome mail' });
		editor.checkpoint();

		const read = () => readDocument(doc);
		expect(read().touchpoints.find((t) => t.id === first)?.name).toBe('Welcome mail');
		expect(read().touchpoints.find((t) => t.id === second)!.y).toBeGreaterThan(read().touchpoints.find((t) => t.id === first)!.y);
		editor.undo();
		expect(read().touchpoints.find((t) => t.id === first)?.name).toBe('Welcome email');
		editor.undo();
		expect(read().edges).toEqual([]);
		editor.redo();
		editor.redo();
		expect(read().edges).toHaveLength(1);
		expect(read().touchpoints.find((t) => t.id === first)?.name).toBe('Welcome mail');
	});

	test('remote changes never enter the local undo stack', () => {
		const { a, b } = pair();
		const mine = new JourneyEditor(a, ids);
		const theirs = new JourneyEditor(b, ids);
		const stage = mine.addStage('Mine');
		mine.checkpoint();
		theirs.addStage('Theirs');
		theirs.checkpoint();
		mine.undo();
		expect(readDocument(a).stages.map((s) => s.name)).toEqual(['Theirs']);
		expect(mine.undoManager.undoStack).toHaveLength(0);
		expect(readDocument(b).stages.map((s) => s.id)).not.toContain(stage);
	});

	test('deleting a node deletes its edges; deleting a stage deletes its touchpoints; undo brings all back', () => {
		const doc = new Y.Doc();
		writeDocument(doc, sample(), LOCAL_ORIGIN);
		const editor = new JourneyEditor(doc, ids);
		editor.remove(['t1']);
		editor.checkpoint();
		expect(readDocument(doc).edges).toEqual([]);
		editor.removeStage('s2');
		editor.checkpoint();
		expect(readDocument(doc).touchpoints).toEqual([]);
		editor.undo();
		editor.undo();
		expect(readDocument(doc).touchpoints.map((t) => t.id)).toEqual(['t1', 't2']);
		expect(readDocument(doc).edges).toHaveLength(1);
	});

	test('moving a stage carries its touchpoints to the new lane', () => {
		const doc = new Y.Doc();
		writeDocument(doc, sample());
		const editor = new JourneyEditor(doc, ids);
		editor.moveStage('s2', 0);
		const read = readDocument(doc);
		expect(read.stages.map((s) => s.id)).toEqual(['s2', 's1']);
		const t2 = read.touchpoints.find((t) => t.id === 't2')!;
		expect(stageAt(read.stages, t2.x + TOUCHPOINT_SIZE.width / 2)).toBe('s2');
		expect(t2.x).toBe(320 - laneX(1));
	});

	test('two people editing at once converge to the same map', () => {
		const { a, b } = pair();
		writeDocument(a, sample());
		const ea = new JourneyEditor(a, () => `a-${++n}`);
		const eb = new JourneyEditor(b, () => `b-${++n}`);
		ea.moveNodes([{ id: 't1', x: 50, y: 200 }]);
		eb.updateTouchpoint('t1', { channel: 'chat' });
		eb.remove(['t2']);
		ea.addTouchpoint({ stageId: 's1', name: 'New one' });
		expect(readDocument(a)).toEqual(readDocument(b));
		const t1 = readDocument(a).touchpoints.find((t) => t.id === 't1')!;
		expect([t1.x, t1.y, t1.channel]).toEqual([50, 200, 'chat']);
	});
});

describe('layout', () => {
	test('auto-arrange puts every touchpoint in its stage column without overlaps', () => {
		const doc = sample();
		for (let i = 0; i < 5; i++) {
			doc.touchpoints.push({ ...doc.touchpoints[0]!, id: `x${i}`, x: Math.random() * 900, y: Math.random() * 900 });
		}
		doc.touchpoints.push({ ...doc.touchpoints[0]!, id: 'orphan', stageId: null });
		const positions = arrangeTouchpoints(doc);
		expect(positions.size).toBe(doc.touchpoints.length);
		for (const tp of doc.touchpoints) {
			const p = positions.get(tp.id)!;
			const lane = tp.stageId ? doc.stages.findIndex((s) => s.id === tp.stageId) : doc.stages.length;
			expect(p.x).toBeGreaterThanOrEqual(laneX(lane));
			expect(p.x + TOUCHPOINT_SIZE.width).toBeLessThanOrEqual(laneX(lane) + LANE.width);
		}
		const boxes = [...positions.values()];
		for (let i = 0; i < boxes.length; i++)
			for (let j = i + 1; j < boxes.length; j++) {
				const overlapX = Math.abs(boxes[i]!.x - boxes[j]!.x) < TOUCHPOINT_SIZE.width;
				const overlapY = Math.abs(boxes[i]!.y - boxes[j]!.y) < TOUCHPOINT_SIZE.height;
				expect(overlapX && overlapY).toBe(false);
			}
	});
});
