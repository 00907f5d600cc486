/**
 * The rest of the demo personas' cards (issue 7 fields), by persona key, as columns of
 * public.personas: so the demo library shows full one-page cards in a workshop.
 */
export const DEMO_PERSONA_CARDS: Record<string, Record<string, unknown>> = {
	'remote-worker': {
		age_range: '30–39',
		location: 'Suburb, works from home',
		bio: 'Freelance UX designer on video calls most of the day; the home connection is her office.',
		motivations: ['Keep clients happy', 'Work from anywhere in the house'],
		needs: ['Upload speed she can count on', 'Fixes she can do herself, at any hour'],
		tech_comfort: 5,
		scenario: 'Her connection drops twice during a client presentation. She checks the app for an outage, finds nothing, and ends up in a chat that keeps sending her the same help article.',
		tags: ['remote work', 'high value', 'churn risk']
	},
	family: {
		age_range: '40–49',
		location: 'Town house, two teenagers',
		bio: 'Hospital nurse on shifts; pays the household bills and is the one everybody calls when the Wi-Fi stops.',
		motivations: ['A calm household', 'No surprises on the bill'],
		needs: ['A price that stays what was promised', 'Installation slots outside shift hours'],
		tech_comfort: 2,
		scenario: 'The first bill is higher than the price he signed for. He calls the hotline on his break and waits on hold until the break is over.',
		tags: ['family', 'price sensitive', 'phone first']
	},
	student: {
		age_range: '18–24',
		location: 'Shared flat in the city',
		bio: 'Second-year student who set up the flat’s internet for four people and splits the cost.',
		motivations: ['Pay as little as possible', 'Sort it out without calling anyone'],
		needs: ['Short contracts', 'Speed that holds up in the evening'],
		tech_comfort: 4,
		scenario: 'Evening speeds collapse when all four flatmates stream. She asks on social media before she looks for the provider’s help pages.',
		tags: ['price sensitive', 'self-service', 'social']
	}
};
