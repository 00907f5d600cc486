export type PanelTab = 'details' | 'metrics' | 'actions' | 'comments' | 'history';

/** Which tab of the journey page's side panel is showing (nodes open Comments from their badge). */
export class SidePanel {
	tab = $state<PanelTab>('details');

	show(tab: PanelTab) {
		this.tab = tab;
	}
}
