/**
 * The "busy" state of an enhanced form: `pending` is true from submit until the server answered,
 * so buttons can disable and say "Saving…". Use as `use:enhance={form.submit}`.
 */
export class PendingForm {
	pending = $state(false);

	submit = () => {
		this.pending = true;
		return async ({ update }: { update: () => Promise<void> }) => {
			this.pending = false;
			await update();
		};
	};
}
