/**
 * Everything a journey presentation is generated from (issue 7 item 3). One plain object, so
 * the member route (/present/<journey>) and the share-link route build the same data in their
 * own way (RLS as the member, or a share token) and render the same slides. No functions, no
 * class instances: it crosses the server/client boundary as JSON.
 */

/** The survey metrics a stage slide shows against target (service times are left to the canvas). */
export type SlideMetric = 'nps' | 'csat' | 'ces';
export const SLIDE_METRICS: readonly SlideMetric[] = ['nps', 'csat', 'ces'];

export interface MetricAgainstTarget {
	metric: SlideMetric;
	/** Null when below the workspace's minimum n (or no answers at all). */
	value: number | null;
	/** Answers counted in the period (also when value is null: "not enough responses"). */
	n: number;
	target: number;
}

export interface PresentationTouchpoint {
	id: string;
	name: string;
	channel: string;
	/** Key metrics of the period, in SLIDE_METRICS order. */
	metrics: MetricAgainstTarget[];
	/** Friction 0–100, null when the friction model was not available. */
	friction: number | null;
	isHotspot: boolean;
	/** Why it hurts, in words ("NPS −40 misses target +30; …"), or "No evidence yet". */
	explanation: string;
	/** Answers + feedback + answered cases in the period. */
	evidenceN: number;
}

export interface Verbatim {
	/** Plain text, always rendered as text (never as HTML). */
	body: string;
	touchpointId: string;
	touchpointName: string;
	sentiment: 'positive' | 'neutral' | 'negative' | null;
	/** ISO timestamp. */
	createdAt: string;
}

export interface PresentationStage {
	id: string;
	name: string;
	/** In canvas order. */
	touchpoints: PresentationTouchpoint[];
	/** One representative verbatim, chosen by VERBATIM_RULE (see verbatim.ts); null when none. */
	verbatim: Verbatim | null;
}

/** The card fields of a linked persona (a superset may be passed; extra fields are ignored). */
export interface PresentationPersona {
	id: string;
	name: string;
	photoUrl: string | null;
	quote: string;
	role: string;
	goals: string[];
	pains: string[];
	behaviours: string[];
	channels: string[];
	/** Optional fields of the persona library (issue 7 item 1) when present. */
	ageRange?: string | null;
	location?: string | null;
	bio?: string | null;
	motivations?: string[];
	needs?: string[];
}

export interface TopHotspot {
	touchpointId: string;
	touchpointName: string;
	stageName: string | null;
	friction: number;
	explanation: string;
}

export interface PresentationData {
	journey: { id: string; workspaceId: string; name: string; description: string };
	/** The period the numbers cover; from/to null = open end. */
	period: { from: string | null; to: string | null; label: string };
	/** The workspace's minimum n below which a statistic is "not enough responses". */
	minN: number;
	/** Stages in order. Touchpoints without a stage are in `unstaged`. */
	stages: PresentationStage[];
	unstaged: PresentationTouchpoint[];
	/** Personas linked to the journey (placed on its canvas), by name. */
	personas: PresentationPersona[];
	/** Hotspots of the journey, highest friction first (at most TOP_HOTSPOTS). */
	topHotspots: TopHotspot[];
	/** ISO timestamp of when the data was read. */
	generatedAt: string;
}

export const TOP_HOTSPOTS = 5;

interface SlideBase {
	/** Stable across reloads and data changes: 'title', 'persona:<id>', 'stage:<id>', 'closing'. Speaker notes hang on it. */
	key: string;
	/** The heading as shown (and what tests assert). */
	title: string;
}

export interface TitleSlide extends SlideBase {
	kind: 'title';
	description: string;
	periodLabel: string;
	stageCount: number;
	touchpointCount: number;
	personaCount: number;
	hotspotCount: number;
}

export interface PersonaSlide extends SlideBase {
	kind: 'persona';
	persona: PresentationPersona;
}

export interface StageSlide extends SlideBase {
	kind: 'stage';
	/** 1-based position among the stages, and how many there are ("Stage 2 of 5"). */
	position: number;
	of: number;
	touchpoints: PresentationTouchpoint[];
	hotspotCount: number;
	verbatim: Verbatim | null;
	minN: number;
}

export interface ClosingSlide extends SlideBase {
	kind: 'closing';
	hotspots: TopHotspot[];
	/** True when the journey had evidence at all (so "no hotspots" means good news, not no data). */
	hasEvidence: boolean;
}

export type Slide = TitleSlide | PersonaSlide | StageSlide | ClosingSlide;

export type PresentationTheme = 'dark' | 'light';
