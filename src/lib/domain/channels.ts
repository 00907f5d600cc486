/** Touchpoint channels, in the order pickers show them. */
export const CHANNELS = ['web', 'app', 'email', 'phone', 'store', 'chat', 'social', 'other'] as const;
export type Channel = (typeof CHANNELS)[number];

export const CHANNEL_LABELS: Record<Channel, string> = {
	web: 'Web',
	app: 'App',
	email: 'Email',
	phone: 'Phone / IVR',
	store: 'Store',
	chat: 'Chat',
	social: 'Social',
	other: 'Other'
};
