/**
 * Live micro-surveys: the scales respondents answer on (DESIGN.md §4), default questions,
 * answer checks shared by the public page and its tests, and the link / embed snippet a team
 * hands out. Pure: no I/O.
 */

export type SurveyMetric = 'nps' | 'csat' | 'ces';

export const SURVEY_METRICS: readonly SurveyMetric[] = ['nps', 'csat', 'ces'];

export const METRIC_NAMES: Record<SurveyMetric, string> = {
	nps: 'NPS (0–10)',
	csat: 'CSAT (satisfaction)',
	ces: 'CES (effort, 1–7)'
};

/** Longest comment a respondent may leave (the database refuses longer ones too). */
export const COMMENT_MAX = 2000;

export interface Scale {
	low: number;
	high: number;
	/** Words at the two ends of the scale (the lowest and the highest answer). */
	lowLabel: string;
	highLabel: string;
}

/** The answers a survey offers: NPS 0–10, CSAT 1–5 or 1–7, CES 1–7 with 7 = very easy. */
export function scaleOf(metric: SurveyMetric, scaleMax: number): Scale {
	switch (metric) {
		case 'nps':
			return { low: 0, high: 10, lowLabel: 'Not at all likely', highLabel: 'Extremely likely' };
		case 'csat':
			return { low: 1, high: scaleMax === 7 ? 7 : 5, lowLabel: 'Very dissatisfied', highLabel: 'Very satisfied' };
		case 'ces':
			return { low: 1, high: 7, lowLabel: 'Very difficult', highLabel: 'Very easy' };
	}
}

export const scaleValues = (scale: Scale) => Array.from({ length: scale.high - scale.low + 1 }, (_, i) => scale.low + i);

/** The scale a new survey of this metric uses (CSAT may choose 5 or 7). */
export function defaultScaleMax(metric: SurveyMetric, csatScale: 5 | 7 = 5): number {
	return metric === 'nps' ? 10 : metric === 'ces' ? 7 : csatScale;
}

/** A sensible first question for a touchpoint; the team edits it before opening the survey. */
export function defaultQuestion(metric: SurveyMetric, touchpointName: string): string {
	const name = touchpointName.trim() || 'this step';
	switch (metric) {
		case 'nps':
			return 'How likely are you to recommend us to a friend or colleague?';
		case 'csat':
			return `How satisfied were you with ${name}?`;
		case 'ces':
			return `How easy was ${name} for you?`;
	}
}

/** Public tokens are 32 hex characters (the default in surveys.public_token); allow some slack. */
export const isSurveyToken = (token: string) => /^[A-Za-z0-9_-]{8,128}$/.test(token);

export type AnswerCheck = { ok: true; score: number; comment: string | null } | { ok: false; field: 'score' | 'comment'; message: string };

/** Checks a posted answer against the survey's scale, the same rules the database applies. */
export function checkAnswer(scale: Scale, rawScore: unknown, rawComment: unknown): AnswerCheck {
	const text = typeof rawScore === 'string' ? rawScore.trim() : '';
	if (text === '') return { ok: false, field: 'score', message: 'Choose a score first.' };
	const score = /^-?\d+$/.test(text) ? Number(text) : NaN;
	if (!Number.isInteger(score) || score < scale.low || score > scale.high) {
		return { ok: false, field: 'score', message: `Choose a score from ${scale.low} to ${scale.high}.` };
	}
	const comment = typeof rawComment === 'string' ? rawComment.trim() : '';
	if (comment.length > COMMENT_MAX) {
		return { ok: false, field: 'comment', message: `Keep the comment to ${COMMENT_MAX} characters (it has ${comment.length}).` };
	}
	return { ok: true, score, comment: comment === '' ? null : comment };
}

/** The public answer page of a survey. */
export const surveyLink = (origin: string, token: string) => `${origin.replace(/\/$/, '')}/s/${encodeURIComponent(token)}`;

/** The same page without chrome, for an iframe on another site. */
export const embedLink = (origin: string, token: string) => `${surveyLink(origin, token)}?embed=1`;

const attribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The HTML a team pastes into its own page (text, shown and copied, never rendered here). */
export function embedSnippet(origin: string, token: string, title: string): string {
	return `<iframe src="${attribute(embedLink(origin, token))}" title="${attribute(title)}" width="100%" height="600" style="border:0;max-width:40rem" loading="lazy"></iframe>`;
}

/**
 * One SVG path for a QR code's dark modules (a square matrix, row by row), one unit per module,
 * so the code draws as a single element at any size.
 */
export function qrPath(size: number, isDark: (row: number, column: number) => boolean): string {
	const parts: string[] = [];
	for (let row = 0; row < size; row++) {
		let column = 0;
		while (column < size) {
			if (!isDark(row, column)) {
				column++;
				continue;
			}
			const start = column;
			while (column < size && isDark(row, column)) column++;
			parts.push(`M${start} ${row}h${column - start}v1h${start - column}z`);
		}
	}
	return parts.join('');
}

/** A standalone SVG document of a QR code (the download), with a quiet zone of `margin` modules. */
export function qrSvg(size: number, path: string, margin = 4): string {
	const full = size + margin * 2;
	return (
		`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${full} ${full}" width="${full * 8}" height="${full * 8}" shape-rendering="crispEdges">` +
		`<rect width="${full}" height="${full}" fill="#fff"/><path transform="translate(${margin} ${margin})" fill="#000" d="${path}"/></svg>`
	);
}
