/**
 * Shared by the panels that write through the API (comments, versions): a busy flag while a
 * request runs, its error in words, and a notice to the others on the journey when it succeeds.
 */
export abstract class RemoteActions {
	busy = $state(false);
	error = $state('');

	/** Tells the others on the journey (over the collaboration socket) to reload. */
	protected abstract announce(): void;

	/** Runs one write; returns false (with `error` set) when it failed. */
	protected async run(body: () => Promise<void>): Promise<boolean> {
		this.busy = true;
		try {
			await body();
			this.error = '';
			this.announce();
			return true;
		} catch (error) {
			this.error = error instanceof Error ? error.message : 'That did not work.';
			return false;
		} finally {
			this.busy = false;
		}
	}
}
