import type { VersionSummary } from '#lib/domain/versions.js';
import { RemoteActions } from './remote-actions.svelte.js';

export type { VersionSummary };

async function call<T>(url: string, init?: RequestInit): Promise<T> {
	const response = await fetch(url, { ...init, headers: { 'content-type': 'application/json' } });
	const body = (await response.json().catch(() => ({}))) as { message?: string };
	if (!response.ok) throw new Error(body.message ?? `The server answered ${response.status}.`);
	return body as T;
}

/** A journey's version history (named, automatic and before-restore versions), newest first. */
export class VersionsState extends RemoteActions {
	versions = $state.raw<VersionSummary[]>([]);
	loaded = $state(false);

	constructor(
		private readonly journeyId: string,
		private readonly onchange: () => void
	) {
		super();
	}

	protected announce() {
		this.onchange();
	}

	private get base() {
		return `/api/journeys/${this.journeyId}/versions`;
	}

	async load() {
		try {
			this.versions = await call<VersionSummary[]>(this.base);
			this.error = '';
		} catch (error) {
			this.error = error instanceof Error ? error.message : 'Could not load the history.';
		} finally {
			this.loaded = true;
		}
	}

	save(name: string) {
		return this.run(async () => {
			const version = await call<VersionSummary>(this.base, { method: 'POST', body: JSON.stringify({ name }) });
			this.versions = [version, ...this.versions];
		});
	}

	/** Restores a version for everyone; the map as it was is kept as a version first. */
	restore(id: string) {
		return this.run(async () => {
			await call(`${this.base}/${id}/restore`, { method: 'POST' });
			await this.load();
		});
	}
}
