import type { ImpactMetric } from '../metrics/impact.js';
import type { ActionStatus } from '../actions.js';
import { IMPROVED_TOUCHPOINT } from './generate.js';

/** The demo workspace's teams and which demo touchpoints (by key) each one owns. */
export const DEMO_TEAMS: { name: string; description: string; touchpoints: string[] }[] = [
	{ name: 'Support hotline', description: 'Phone and chat support', touchpoints: ['support-hotline', 'support-chat', 'fault-email'] },
	{ name: 'Billing', description: 'Bills, payments and renewals', touchpoints: ['first-bill', 'autopay', 'renewal-offer'] },
	{ name: 'Field operations', description: 'Installation, delivery and technicians', touchpoints: ['install-booking', 'router-delivery', 'technician-visit'] },
	{ name: 'Digital', description: 'Website and app', touchpoints: ['plan-compare', 'checkout', 'activation-app', 'app-usage', 'wifi-help'] }
];

export interface DemoAction {
	touchpoint: string;
	title: string;
	description: string;
	status: ActionStatus;
	team: string;
	expectedMetric: ImpactMetric;
	expectedEffect: string;
	/** Due date relative to the end of the demo data (negative: in the past). */
	dueInDays: number | null;
	comment?: string;
}

/**
 * A few actions in every state. The done one is on the touchpoint the generator improves from
 * its ship date (SHIPPED_DAYS_AGO before the end), so its impact card shows a real change.
 */
export const DEMO_ACTIONS: DemoAction[] = [
	{
		touchpoint: IMPROVED_TOUCHPOINT,
		title: 'Rewrite the Wi-Fi help as step-by-step guides',
		description: 'Customers could not find the right article and gave up; each problem now has one guide with pictures, found from the search box.',
		status: 'done',
		team: 'Digital',
		expectedMetric: 'ces',
		expectedEffect: 'CES of the help articles up by at least 1 point',
		dueInDays: -40,
		comment: 'Shipped: the 12 most-read articles are replaced by guides.'
	},
	{
		touchpoint: 'first-bill',
		title: 'Explain proration on the first bill',
		description: 'A plain-language box on the first bill showing why it is higher than the monthly price.',
		status: 'in_progress',
		team: 'Billing',
		expectedMetric: 'csat',
		expectedEffect: 'CSAT of the first bill from about 30 % to 60 %',
		dueInDays: 14
	},
	{
		touchpoint: 'install-booking',
		title: 'Cut the installation IVR menu to three choices',
		description: 'Most callers want to book, move or cancel an appointment; route them there directly.',
		status: 'planned',
		team: 'Field operations',
		expectedMetric: 'ces',
		expectedEffect: 'CES from about 2 to 4',
		dueInDays: -3
	},
	{
		touchpoint: 'support-chat',
		title: 'Hand over from the chat bot after two failed answers',
		description: 'Customers loop with the bot; a human should take over sooner.',
		status: 'proposed',
		team: 'Support hotline',
		expectedMetric: 'nps',
		expectedEffect: 'Fewer "bot loops" comments; NPS of support chat above -20',
		dueInDays: null
	}
];
