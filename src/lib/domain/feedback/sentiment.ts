/**
 * Sentiment of a comment or feedback item (issue 5 §7), for Node only (importer on the server,
 * ingest API, CLI, benchmark): wink-sentiment pulls in its lexicons (about 0.5 MB), so nothing
 * under src/lib/domain/import or any .svelte file may import this module (a unit test checks).
 *
 * Method — wink-sentiment 5.0.2 (MIT, winkjs): the text is tokenised (words, emoji, emoticons,
 * hashtags); every word is scored with the AFINN-165 lexicon (-5..+5, with AFINN's two-word
 * idioms such as "no fun"), every emoji and emoticon with wink's own lists; a word preceded
 * within two tokens by a negation ("not", "never", "don't", …) has its score flipped. The
 * scores are averaged over the scored tokens and damped for texts longer than 15 words
 * (÷ √(words/15)): wink's `normalizedScore`, always in -5..+5.
 *
 * Here: `score` = normalizedScore / 5, rounded to 3 decimals (the `sentiment_score real` column,
 * -1..1), and `label` is its sign, as wink documents it: positive above 0, negative below 0,
 * neutral at 0 (no sentiment-bearing word, or words that cancel out). No wider neutral band:
 * wink already damps long texts, and a band would turn long, clearly worded emails neutral.
 * AFINN is an English lexicon: a text with no English sentiment word (empty, numbers only, a
 * non-Latin script) scores 0, and a text that reads as German, French, Spanish, Italian or
 * Dutch (see `looksForeign`) is neutral 0 instead of being scored on look-alike words ("war",
 * "retard"). Accuracy on 14,640 human-labelled airline tweets: `npm run bench:sentiment`
 * (bench/results/sentiment.json).
 */
import * as stopwords from 'stopword';
import winkSentiment from 'wink-sentiment';

export type SentimentLabel = 'positive' | 'neutral' | 'negative';

export interface SentimentResult {
	label: SentimentLabel;
	/** -1 (most negative) .. 1 (most positive). */
	score: number;
}

/** Longest text scored: the feedback body limit. Anything after it is ignored. */
export const MAX_SCORED_CHARS = 20_000;
/**
 * Runs of more than this many non-space characters (no word is that long: links, base64,
 * keyboard mashing) are dropped before scoring: wink's tokenizer takes time quadratic in a
 * token's length (4 s for one 20,000-character token).
 */
export const MAX_TOKEN_CHARS = 64;
const LONG_RUN = new RegExp(`\\S{${MAX_TOKEN_CHARS + 1},}`, 'g');

export const SENTIMENT_METHOD = 'wink-sentiment 5.0.2: AFINN-165 lexicon with emoji, emoticons, idioms and negation';

/** The label of a score in -1..1 (rounded to 3 decimals): its sign. */
export function labelOf(score: number): SentimentLabel {
	return score > 0 ? 'positive' : score < 0 ? 'negative' : 'neutral';
}

// Stop-word language identification: function words of other languages (stopword's lists for
// German, French, Spanish, Italian, Portuguese, Dutch) that are not also English words.
const ENGLISH = new Set(stopwords.eng);
const AMBIGUOUS = new Set(['no', 'so', 'will', 'im', 'la', 'den', 'con', 'van', 'me', 'come', 'per', 'die', 'hat', 'war', 'bin', 'art', 'son', 'men', 'man', 'also', 'sale', 'fine', 'pan', 'sin', 'mal', 'ten', 'dat']);
const OTHER_LANGUAGES = (['deu', 'fra', 'spa', 'ita', 'por', 'nld'] as const).map(
	(code) => new Set(stopwords[code].map((w) => w.toLowerCase()).filter((w) => w.length > 1 && !ENGLISH.has(w) && !AMBIGUOUS.has(w)))
);
const WORD = /\p{L}+(?:['’]\p{L}+)*/gu;
const NOISE = /https?:\/\/\S+|www\.\S+|[@#][\p{L}\p{N}_]+/gu;

/**
 * True when a text reads as another language than English: at least two different function
 * words of one of the languages above, and more of them than English function words. On the
 * 14,640 English airline tweets of the benchmark it flags none.
 */
export function looksForeign(text: string): boolean {
	const words = new Set(text.toLowerCase().replace(NOISE, ' ').match(WORD) ?? []);
	if (words.size < 3) return false;
	let english = 0;
	const other = OTHER_LANGUAGES.map(() => 0);
	for (const w of words) {
		if (ENGLISH.has(w)) english++;
		for (let i = 0; i < OTHER_LANGUAGES.length; i++) if (OTHER_LANGUAGES[i]!.has(w)) other[i]!++;
	}
	const best = Math.max(...other);
	return best >= 2 && best > english;
}

// Short texts recur in real files ("N/A", "Good", "Too slow"): they are scored once. Bounded.
const recent = new Map<string, SentimentResult>();
const RECENT_MAX = 10_000;
const RECENT_TEXT_MAX = 280;

export function scoreSentiment(text: string): SentimentResult {
	if (typeof text !== 'string') return { label: 'neutral', score: 0 };
	const cacheable = text.length <= RECENT_TEXT_MAX;
	const hit = cacheable ? recent.get(text) : undefined;
	if (hit) return { ...hit };
	const result = compute(text);
	if (cacheable) {
		if (recent.size >= RECENT_MAX) recent.clear();
		recent.set(text, result);
	}
	return { ...result };
}

function compute(text: string): SentimentResult {
	const input = text.slice(0, MAX_SCORED_CHARS).replace(LONG_RUN, ' ');
	if (input.trim() === '' || looksForeign(input)) return { label: 'neutral', score: 0 };
	const normalized = winkSentiment(input).normalizedScore;
	const clamped = Number.isFinite(normalized) ? Math.max(-1, Math.min(1, normalized / 5)) : 0;
	// + 0 turns -0 into 0.
	const score = Math.round(clamped * 1000) / 1000 + 0;
	return { label: labelOf(score), score };
}

export interface SentimentFields {
	sentiment: SentimentLabel | null;
	sentiment_score: number | null;
}

/**
 * The sentiment columns of an incoming item: what it brought (a sentiment column, a rating)
 * is kept; when it brought neither, they are computed from `text`. Without text (a survey
 * answer with no comment) both stay null.
 */
export function fillSentiment(given: Partial<SentimentFields>, text: string | null | undefined): SentimentFields {
	const sentiment = given.sentiment ?? null;
	const sentiment_score = given.sentiment_score ?? null;
	if (sentiment !== null || sentiment_score !== null) return { sentiment, sentiment_score };
	if (!text || text.trim() === '') return { sentiment: null, sentiment_score: null };
	const r = scoreSentiment(text);
	return { sentiment: r.label, sentiment_score: r.score };
}
