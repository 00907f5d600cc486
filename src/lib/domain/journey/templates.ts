import type { Channel } from '../channels.js';
import { arrangeTouchpoints } from './layout.js';
import { emptyDocument, type JourneyDocument } from './model.js';

export interface JourneyTemplate {
	key: string;
	name: string;
	description: string;
	stages: { name: string; touchpoints: [string, Channel][] }[];
}

/** Built-in starting points: stages and touchpoints only, never invented metrics. */
export const TEMPLATES: JourneyTemplate[] = [
	{
		key: 'ecommerce',
		name: 'E-commerce purchase',
		description: 'From first visit to repeat purchase in an online shop.',
		stages: [
			{ name: 'Discover', touchpoints: [['Search and ads', 'web'], ['Social posts', 'social'], ['Newsletter', 'email']] },
			{ name: 'Browse', touchpoints: [['Home page', 'web'], ['Product page', 'web'], ['Reviews', 'web']] },
			{ name: 'Buy', touchpoints: [['Basket', 'web'], ['Checkout and payment', 'web'], ['Order confirmation', 'email']] },
			{ name: 'Receive', touchpoints: [['Shipping updates', 'email'], ['Delivery', 'other'], ['Unboxing', 'other']] },
			{ name: 'Return and support', touchpoints: [['Returns portal', 'web'], ['Customer service chat', 'chat'], ['Refund notice', 'email']] },
			{ name: 'Come back', touchpoints: [['Loyalty programme', 'app'], ['Re-order reminder', 'email']] }
		]
	},
	{
		key: 'saas',
		name: 'SaaS onboarding',
		description: 'From sign-up to the first moment of value and the first renewal.',
		stages: [
			{ name: 'Sign up', touchpoints: [['Pricing page', 'web'], ['Sign-up form', 'web'], ['Verification email', 'email']] },
			{ name: 'First run', touchpoints: [['Welcome tour', 'app'], ['Import data', 'app'], ['Invite teammates', 'app']] },
			{ name: 'First value', touchpoints: [['First report', 'app'], ['Help centre', 'web'], ['Onboarding call', 'phone']] },
			{ name: 'Adopt', touchpoints: [['Weekly digest', 'email'], ['In-app tips', 'app'], ['Support chat', 'chat']] },
			{ name: 'Renew', touchpoints: [['Trial ending email', 'email'], ['Billing page', 'web'], ['Account manager call', 'phone']] }
		]
	},
	{
		key: 'telecom-support',
		name: 'Telecom support',
		description: 'A customer with a broken connection, from noticing the fault to a fixed line.',
		stages: [
			{ name: 'Notice the problem', touchpoints: [['Outage notification', 'app'], ['Status page', 'web']] },
			{ name: 'Look for help', touchpoints: [['Help articles', 'web'], ['Community forum', 'social'], ['Chat bot', 'chat']] },
			{ name: 'Contact support', touchpoints: [['Hotline and IVR', 'phone'], ['Support chat', 'chat'], ['Fault report email', 'email']] },
			{ name: 'Diagnose', touchpoints: [['Remote line test', 'phone'], ['Technician booking', 'phone']] },
			{ name: 'Fix', touchpoints: [['Technician visit', 'store'], ['Replacement router', 'other']] },
			{ name: 'Follow up', touchpoints: [['Resolution email', 'email'], ['Satisfaction survey', 'email'], ['Credit on the bill', 'email']] }
		]
	}
];

/** A template as a journey document with fresh ids and touchpoints arranged in their lanes. */
export function documentFromTemplate(template: JourneyTemplate, newId: () => string): JourneyDocument {
	const doc = emptyDocument();
	for (const stage of template.stages) {
		const stageId = newId();
		doc.stages.push({ id: stageId, name: stage.name });
		doc.emotions[stageId] = 0;
		stage.touchpoints.forEach(([name, channel], position) => {
			doc.touchpoints.push({ id: newId(), stageId, name, channel, description: '', owner: '', momentOfTruth: false, personaIds: [], x: 0, y: position });
		});
	}
	for (const [id, point] of arrangeTouchpoints(doc)) Object.assign(doc.touchpoints.find((t) => t.id === id)!, point);
	return doc;
}
