/** What customers say about each theme, by sentiment. Used by the demo generator only. */
export const THEME_PHRASES: Record<string, { negative: string[]; positive: string[] }> = {
	pricing: {
		negative: ['The price on the ad was not the price at checkout.', 'Too expensive for what you get.'],
		positive: ['Fair price, no hidden extras.', 'Good deal compared to the others.']
	},
	clarity: {
		negative: ['I could not tell which plan was which.', 'Confusing wording, I had to read it three times.'],
		positive: ['Clear and easy to understand.', 'Everything was explained plainly.']
	},
	accuracy: {
		negative: ['The checker said fibre was available. It was not.', 'Wrong address results twice.'],
		positive: ['It knew my building exactly.', 'Accurate coverage information.']
	},
	speed: {
		negative: ['Painfully slow to load.', 'It kept spinning forever.'],
		positive: ['Quick and snappy.', 'Done in under a minute.']
	},
	reputation: {
		negative: ['Everyone online complains about the outages.', 'Reviews scared me off at first.'],
		positive: ['Friends recommended you.', 'Good reviews convinced me.']
	},
	staff: {
		negative: ['The person I spoke to did not know the answer.', 'Staff seemed uninterested.'],
		positive: ['Friendly and knowledgeable staff.', 'The agent really listened.']
	},
	waiting: {
		negative: ['Waited over 40 minutes to talk to anyone.', 'On hold forever, then cut off.', 'Still waiting for a reply after two days.'],
		positive: ['Got through straight away.', 'Hardly any wait.']
	},
	payment: {
		negative: ['My card was declined twice for no reason.', 'Payment page crashed at the last step.'],
		positive: ['Paying was easy.', 'Smooth payment.']
	},
	rescheduling: {
		negative: ['They cancelled my installation slot the day before.', 'Impossible to move the appointment.'],
		positive: ['Moving the date took a minute.', 'Flexible slots.']
	},
	'ivr menu': {
		negative: ['The phone menu goes round in circles.', 'Pressed 3 five times and never reached a person.'],
		positive: ['The menu got me to the right team.', 'Simple phone menu.']
	},
	delivery: {
		negative: ['The router arrived a week late.', 'Parcel left outside in the rain.'],
		positive: ['Router arrived next day.', 'Delivery was on time.']
	},
	tracking: {
		negative: ['No tracking link, no idea when it would come.', 'Tracking never updated.'],
		positive: ['Tracking was accurate.', 'I knew exactly when it would arrive.']
	},
	punctuality: {
		negative: ['The technician came four hours late.', 'Nobody showed up in my slot.'],
		positive: ['The technician was right on time.', 'Arrived early and called ahead.']
	},
	setup: {
		negative: ['Setup failed at the last step.', 'Instructions did not match my router.'],
		positive: ['Setup took five minutes.', 'Easy step-by-step setup.']
	},
	bugs: {
		negative: ['The app crashes when I open usage.', 'Buttons do nothing on my phone.'],
		positive: ['App works flawlessly.', 'Nice, stable app.']
	},
	search: {
		negative: ['Search never finds the right article.', 'Help search returns nothing useful.'],
		positive: ['Found the answer in seconds.', 'Helpful articles.']
	},
	timeliness: {
		negative: ['I heard about the outage after it was over.', 'Alerts come hours late.'],
		positive: ['Got the outage alert right away.', 'Useful, timely alerts.']
	},
	'bot loops': {
		negative: ['The chat bot keeps asking the same question.', 'Bot went in circles, I gave up.', 'Could not get past the bot.'],
		positive: ['The bot actually solved it.', 'Quick answer from the chat.']
	},
	handover: {
		negative: ['When I finally got a human I had to explain everything again.', 'Transferred three times.'],
		positive: ['Handed to a person quickly.', 'Smooth transfer to an agent.']
	},
	'follow-up': {
		negative: ['Nobody followed up after my report.', 'Ticket closed without asking me.'],
		positive: ['They followed up the next day.', 'Kept me informed.']
	},
	'unexpected charges': {
		negative: ['My first bill was double what I was promised.', 'Charged for a router I was told was free.', 'Surprise fees on the first bill.'],
		positive: ['The bill was exactly as promised.', 'No surprises on the bill.']
	},
	proration: {
		negative: ['Nobody explained the partial-month charge.', 'I do not understand the pro-rata lines.'],
		positive: ['Partial month was clearly explained.', 'The breakdown made sense.']
	},
	loyalty: {
		negative: ['New customers get better deals than loyal ones.', 'The renewal price jumped.'],
		positive: ['Nice loyalty discount.', 'Renewal offer was fair.']
	}
};
