import type { Channel } from '../channels.js';

/**
 * The demo journey: a broadband provider, from first search to renewal. `quality` is the hidden
 * truth the generator draws scores from (-1 awful .. +1 delightful); three touchpoints are
 * planted clearly worse than the rest so hotspots have something real to find.
 */
export interface DemoTouchpoint {
	key: string;
	name: string;
	channel: Channel;
	quality: number;
	/** Service touchpoints get support cases (FRT/TTR). */
	service?: { frtMinutes: number; ttrHours: number };
	/** Themes customers mention here, worst first. */
	themes: string[];
}

export interface DemoStage {
	name: string;
	emotion: number;
	touchpoints: DemoTouchpoint[];
}

export const DEMO_JOURNEY_NAME = 'Home broadband: from search to renewal';
export const DEMO_JOURNEY_DESCRIPTION =
	'How new customers find, buy, install, use and renew a home broadband plan. Six months of survey answers, comments and support cases from the demo generator.';

export const DEMO_STAGES: DemoStage[] = [
	{
		name: 'Discover',
		emotion: 1,
		touchpoints: [
			{ key: 'search-ad', name: 'Search ad and landing page', channel: 'web', quality: 0.4, themes: ['pricing', 'clarity'] },
			{ key: 'coverage-check', name: 'Coverage checker', channel: 'web', quality: 0.2, themes: ['accuracy', 'speed'] },
			{ key: 'social-reviews', name: 'Reviews on social media', channel: 'social', quality: 0.1, themes: ['reputation'] },
			{ key: 'store-visit', name: 'In-store advice', channel: 'store', quality: 0.6, themes: ['staff', 'waiting'] }
		]
	},
	{
		name: 'Buy',
		emotion: 1,
		touchpoints: [
			{ key: 'plan-compare', name: 'Plan comparison', channel: 'web', quality: 0.3, themes: ['clarity', 'pricing'] },
			{ key: 'checkout', name: 'Online checkout', channel: 'web', quality: 0.5, themes: ['payment', 'speed'] },
			{ key: 'sales-call', name: 'Sales hotline', channel: 'phone', quality: 0.2, themes: ['waiting', 'staff'], service: { frtMinutes: 6, ttrHours: 2 } },
			{ key: 'order-email', name: 'Order confirmation email', channel: 'email', quality: 0.5, themes: ['clarity'] }
		]
	},
	{
		name: 'Get connected',
		emotion: -1,
		touchpoints: [
			// Planted hotspot: hard to book, long waits on the IVR.
			{ key: 'install-booking', name: 'Installation booking (IVR)', channel: 'phone', quality: -0.85, themes: ['waiting', 'rescheduling', 'ivr menu'], service: { frtMinutes: 38, ttrHours: 30 } },
			{ key: 'router-delivery', name: 'Router delivery', channel: 'other', quality: 0.1, themes: ['delivery', 'tracking'] },
			{ key: 'technician-visit', name: 'Technician visit', channel: 'store', quality: 0.3, themes: ['punctuality', 'staff'] },
			{ key: 'activation-app', name: 'Activation in the app', channel: 'app', quality: 0.2, themes: ['setup', 'bugs'] }
		]
	},
	{
		name: 'Use',
		emotion: 0,
		touchpoints: [
			{ key: 'app-usage', name: 'Usage dashboard in the app', channel: 'app', quality: 0.4, themes: ['speed', 'bugs'] },
			{ key: 'wifi-help', name: 'Wi-Fi help articles', channel: 'web', quality: 0.0, themes: ['clarity', 'search'] },
			{ key: 'outage-alerts', name: 'Outage notifications', channel: 'app', quality: -0.1, themes: ['timeliness'] }
		]
	},
	{
		name: 'Get help',
		emotion: -1,
		touchpoints: [
			// Planted hotspot: the chat bot loops and hands over late.
			{ key: 'support-chat', name: 'Support chat', channel: 'chat', quality: -0.7, themes: ['bot loops', 'waiting', 'handover'], service: { frtMinutes: 45, ttrHours: 20 } },
			{ key: 'support-hotline', name: 'Support hotline', channel: 'phone', quality: -0.1, themes: ['waiting', 'staff'], service: { frtMinutes: 14, ttrHours: 10 } },
			{ key: 'fault-email', name: 'Fault report by email', channel: 'email', quality: 0.0, themes: ['waiting', 'follow-up'], service: { frtMinutes: 240, ttrHours: 26 } },
			{ key: 'store-repair', name: 'Store repair desk', channel: 'store', quality: 0.4, themes: ['staff'], service: { frtMinutes: 10, ttrHours: 48 } }
		]
	},
	{
		name: 'Pay and renew',
		emotion: 0,
		touchpoints: [
			// Planted hotspot: the first bill surprises people.
			{ key: 'first-bill', name: 'First bill', channel: 'email', quality: -0.75, themes: ['unexpected charges', 'clarity', 'proration'] },
			{ key: 'autopay', name: 'Autopay setup', channel: 'app', quality: 0.5, themes: ['setup'] },
			{ key: 'renewal-offer', name: 'Renewal offer', channel: 'email', quality: 0.1, themes: ['pricing', 'loyalty'] }
		]
	}
];

export interface DemoPersona {
	key: string;
	name: string;
	role: string;
	quote: string;
	goals: string[];
	pains: string[];
	behaviours: string[];
	channels: Channel[];
	/** Added to the latent satisfaction of this persona's answers. */
	mood: number;
	share: number;
}

export const DEMO_PERSONAS: DemoPersona[] = [
	{
		key: 'remote-worker',
		name: 'Maya, the remote worker',
		role: 'UX designer working from home',
		quote: 'If the connection drops during a client call, I lose the client.',
		goals: ['Reliable upload speed', 'Fix problems without a phone call'],
		pains: ['Waiting on hold', 'Chat bots that loop'],
		behaviours: ['Compares plans online', 'Uses the app daily'],
		channels: ['web', 'app', 'chat'],
		mood: -0.1,
		share: 0.4
	},
	{
		key: 'family',
		name: 'Daniel, the busy parent',
		role: 'Nurse, two teenagers at home',
		quote: 'I just want it to work and the bill to be what I was told.',
		goals: ['Predictable monthly cost', 'Parental controls'],
		pains: ['Surprise charges', 'Installation slots during work hours'],
		behaviours: ['Calls the hotline', 'Reads every bill'],
		channels: ['phone', 'email', 'store'],
		mood: 0,
		share: 0.35
	},
	{
		key: 'student',
		name: 'Lena, the student',
		role: 'Shares a flat with three others',
		quote: 'Cheapest plan that survives four people streaming at once.',
		goals: ['Low price', 'Split the bill'],
		pains: ['Long contracts', 'Slow evenings'],
		behaviours: ['Asks on social media', 'Self-installs'],
		channels: ['app', 'social', 'web'],
		mood: 0.1,
		share: 0.25
	}
];

/** Workspace default targets (DESIGN.md §4 units: NPS points, CSAT %, CES 1-7, FRT minutes, TTR hours). */
export const DEMO_TARGETS = { nps: 30, csat: 80, ces: 5.5, frt: 60, ttr: 24 } as const;
