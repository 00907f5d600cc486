import { arrangeTouchpoints } from '../journey/layout.js';
import { clampEmotion, type JourneyDocument } from '../journey/model.js';
import type { DemoData } from './generate.js';
import { DEMO_STAGES } from './journey.js';

/**
 * The canvas of the demo journey: stages with the team's expected emotions, touchpoints arranged
 * in their lanes, the main path drawn as flows, personas placed and linked where they matter,
 * and two notes from a past workshop.
 */
export function demoDocument(demo: DemoData): JourneyDocument {
	const doc: JourneyDocument = {
		stages: demo.stages.map((s) => ({ id: s.id, name: s.name })),
		touchpoints: demo.touchpoints.map((t) => ({
			id: t.id,
			stageId: t.stageId,
			name: t.name,
			channel: t.channel,
			description: '',
			owner: '',
			momentOfTruth: ['checkout', 'install-booking', 'first-bill'].includes(t.key),
			personaIds: [],
			x: 0,
			y: t.position
		})),
		personas: demo.personas.map((p, i) => ({ id: `${p.id.slice(0, 24)}${'0'.repeat(11)}${i}`, personaId: p.id, name: p.name, x: -320, y: 76 + i * 110 })),
		notes: [],
		edges: [],
		emotions: Object.fromEntries(demo.stages.map((s, i) => [s.id, clampEmotion(DEMO_STAGES[i]?.emotion ?? 0)]))
	};
	for (const [id, point] of arrangeTouchpoints(doc)) Object.assign(doc.touchpoints.find((t) => t.id === id)!, point);
	const byKey = new Map(demo.touchpoints.map((t) => [t.key, t.id]));
	const path = ['search-ad', 'coverage-check', 'plan-compare', 'checkout', 'order-email', 'install-booking', 'technician-visit', 'activation-app', 'app-usage', 'support-chat', 'first-bill', 'renewal-offer'];
	doc.edges = path.slice(1).map((key, i) => ({ id: `${byKey.get(key)!.slice(0, 30)}e${String(i).padStart(5, '0')}`, source: byKey.get(path[i]!)!, target: byKey.get(key)!, label: '' }));
	doc.edges[4]!.label = 'after payment';
	const [remote, parent] = doc.personas;
	const link = (key: string, placement: string) => doc.touchpoints.find((t) => t.id === byKey.get(key))!.personaIds.push(placement);
	link('support-chat', remote!.id);
	link('app-usage', remote!.id);
	link('first-bill', parent!.id);
	link('install-booking', parent!.id);
	const firstBill = doc.touchpoints.find((t) => t.id === byKey.get('first-bill'))!;
	const booking = doc.touchpoints.find((t) => t.id === byKey.get('install-booking'))!;
	doc.notes = [
		{ id: `${firstBill.id.slice(0, 30)}n00001`, kind: 'pain', text: 'Pro-rata charges confuse almost everyone on the first bill.', x: firstBill.x + 20, y: firstBill.y + 330 },
		{ id: `${booking.id.slice(0, 30)}n00002`, kind: 'opportunity', text: 'Let people pick an install slot online at checkout.', x: booking.x + 20, y: booking.y + 380 }
	];
	return doc;
}
