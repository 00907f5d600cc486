import { browserClient } from '#lib/data/browser.js';
import { listSurveys, openSurvey, setSurveyOpen, type Survey } from '#lib/data/surveys.js';
import type { SurveyMetric } from '#lib/domain/surveys.js';

/** The live surveys of one touchpoint as its panel shows them: list, open, close, reopen. */
export class TouchpointSurveys {
	surveys = $state.raw<Survey[]>([]);
	loading = $state(true);
	busy = $state(false);
	error = $state('');
	/** Said to screen readers after an action ("Survey closed."). */
	announcement = $state('');

	constructor(
		readonly workspaceId: string,
		readonly touchpointId: string
	) {}

	async load() {
		this.loading = true;
		try {
			this.surveys = await listSurveys(await browserClient(), this.touchpointId);
			this.error = '';
		} catch (error) {
			this.error = error instanceof Error ? error.message : 'Could not load the surveys.';
		} finally {
			this.loading = false;
		}
	}

	async open(input: { metric: SurveyMetric; scaleMax: number; question: string }): Promise<boolean> {
		return this.run(async (db) => {
			const survey = await openSurvey(db, { workspaceId: this.workspaceId, touchpointId: this.touchpointId, ...input });
			this.surveys = [survey, ...this.surveys];
			this.announcement = 'Survey opened. Share its link or QR code.';
		});
	}

	async setOpen(survey: Survey, open: boolean): Promise<boolean> {
		return this.run(async (db) => {
			await setSurveyOpen(db, survey.id, open);
			this.surveys = this.surveys.map((s) => (s.id === survey.id ? { ...s, isOpen: open } : s));
			this.announcement = open ? 'Survey reopened.' : 'Survey closed. It takes no more answers.';
		});
	}

	private async run(body: (db: Awaited<ReturnType<typeof browserClient>>) => Promise<void>): Promise<boolean> {
		this.busy = true;
		try {
			await body(await browserClient());
			this.error = '';
			return true;
		} catch (error) {
			this.error = error instanceof Error ? error.message : 'That did not work.';
			return false;
		} finally {
			this.busy = false;
		}
	}
}
