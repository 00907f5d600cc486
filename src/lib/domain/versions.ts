/** One saved version of a journey map (the list in the History panel). */
export type VersionKind = 'named' | 'auto' | 'restore';

export interface VersionSummary {
	id: string;
	kind: VersionKind;
	name: string;
	createdAt: string;
	/** Display name of who saved it (for automatic versions: who edited last); null if gone. */
	author: string | null;
	stageCount: number;
	touchpointCount: number;
}

/** The title a version is listed under. */
export function versionTitle(v: Pick<VersionSummary, 'kind' | 'name'>): string {
	if (v.kind === 'auto') return 'Automatic version';
	return v.name || (v.kind === 'restore' ? 'Before a restore' : 'Untitled version');
}
