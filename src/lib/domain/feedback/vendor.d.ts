// Type declarations for the text-analysis packages used by src/lib/domain/feedback (they ship
// plain CommonJS without types). Only what this project calls is declared.

declare module 'wink-sentiment' {
	interface WinkToken {
		value: string;
		tag: string;
		score?: number;
		negation?: boolean;
		grouped?: number;
	}
	interface WinkResult {
		/** Sum of the AFINN-165 / emoji / emoticon scores of the tokens (negations flipped). */
		score: number;
		/** Averaged over the scored tokens and damped for long texts; always in -5..+5. */
		normalizedScore: number;
		tokenizedPhrase?: WinkToken[];
	}
	function sentiment(phrase: string): WinkResult;
	export default sentiment;
}

declare module 'wink-porter2-stemmer' {
	/** The Porter2 (Snowball English) stem of one lower-case word. */
	function stem(word: string): string;
	export default stem;
}

declare module 'stopword' {
	/** Stop words per ISO 639-3 code: English (about 100 function words), German, French, … */
	export const eng: string[];
	export const deu: string[];
	export const fra: string[];
	export const spa: string[];
	export const ita: string[];
	export const por: string[];
	export const nld: string[];
}
