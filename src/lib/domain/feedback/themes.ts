/**
 * Top themes of a touchpoint's feedback (issue 5 §7): the key phrases customers repeat, with
 * how many items mention them and how negative those items are. Deterministic: the same
 * items in the same order give the same themes.
 *
 * Method:
 * 1. Each body is lower-cased; links, @mentions and e-mail addresses are dropped, a hashtag
 *    counts as its word. It is cut into clauses at punctuation and line breaks.
 * 2. In each clause the words (letters, inner apostrophes and hyphens) are kept unless they are stop
 *    words (stopword's English list plus the fillers below), contractions, one letter long
 *    or longer than 30 letters. Each word is reduced to its Porter2 stem (wink-porter2-stemmer),
 *    so "delays", "delayed" and "delay" are one word.
 * 3. Candidate phrases are the words (unigrams) and pairs of neighbouring kept words within a
 *    clause (bigrams: "lost my luggage" → "lost luggage"), in either order ("seats were
 *    comfortable" is "comfortable seats"). A phrase counts once per item.
 * 4. Kept: phrases in at least `minCount` items (default 2). A word is dropped in favour of the
 *    kept bigrams containing it when they account for at least 60 % of its items ("luggage"
 *    under "lost luggage"; "lost" under "lost luggage" and "suitcase lost").
 * 5. Ranked by weight = items × (1 + negative share): at equal volume, what hurts comes first.
 *    Ties: more items, then bigrams before words, then alphabetical.
 * Each theme shows its most frequent wording, and the first (newest, when the caller passes
 * items newest first) one or two items that mention it.
 */
import { eng } from 'stopword';
import stem from 'wink-porter2-stemmer';

export type ThemeSentiment = 'positive' | 'neutral' | 'negative';

export interface ThemeItem {
	id: number;
	body: string;
	sentiment: ThemeSentiment | null;
}

export interface Theme {
	/** The phrase as customers most often wrote it. */
	phrase: string;
	/** Items that mention it. */
	count: number;
	/** Of those, how many are negative. */
	negative: number;
	/** negative / items with a sentiment (null when none has one). */
	negativeShare: number | null;
	/** count × (1 + negativeShare): the ranking. */
	weight: number;
	/** Ids of one or two items that mention it. */
	exampleIds: number[];
}

export interface ThemeOptions {
	/** Themes returned (default 10). */
	limit?: number;
	/** Items a phrase must appear in (default 2). */
	minCount?: number;
}

/** Words that carry no theme in customer feedback, on top of stopword's English list. */
const FILLERS = [
	'about', 'again', 'already', 'always', 'am', 'amp', 'anyone', 'anything', 'are', 'back', 'does', 'done', 'dont', 'even',
	'ever', 'every', 'going', 'gt', 'hello', 'hey', 'hi', 'just', 'know', 'let', 'lt', 'lot', 'need', 'no', 'not', 'nothing',
	'ok', 'okay', 'one', 'please', 'pls', 'plz', 'really', 'rt', 'see', 'so', 'someone', 'something', 'thank', 'thanks',
	'thx', 'today', 'u', 'ur', 'us', 'via', 'want', 'will', 'yes', 'yet', 'im', 'ive', 'youre', 'cant', 'wont', 'didnt',
	'doesnt', 'isnt', 'wasnt', 'yall', 'yeah', 'oh', 'why', 'when', 'would', 'could', 'also'
];
const STOP = new Set([...eng, ...FILLERS]);

// Runs of over 64 non-space characters (links, base64, mashing) go first: no word is that
// long, and it keeps every pattern below linear.
const LONG_RUN = /\S{65,}/g;
const NOISE = /https?:\/\/\S+|www\.\S+|[^\s@]+@[^\s@]+\.[^\s@]+|@[\p{L}\p{N}_]+/gu;
const CLAUSE = /[.!?;:,()[\]{}"“”«»\r\n|/\\…]+|\s[-–—]+\s/u;
const WORD = /\p{L}+(?:['’-]\p{L}+)*/gu;
const MAX_WORD = 30;
export const BIGRAM_COVER = 0.6;

interface Token {
	stem: string;
	surface: string;
}

/** The kept words of each clause of a text (step 1–2). */
export function clauses(text: string): Token[][] {
	const cleaned = text.replace(LONG_RUN, ' ').toLowerCase().replace(NOISE, ' ').replace(/#/g, ' ');
	const out: Token[][] = [];
	for (const clause of cleaned.split(CLAUSE)) {
		const tokens: Token[] = [];
		for (const match of clause.matchAll(WORD)) {
			const word = match[0].replace(/’/g, "'");
			if (word.length < 2 || word.length > MAX_WORD || STOP.has(word)) continue;
			// Contractions ("don't", "i'm") are function words; a possessive keeps its noun.
			const bare = word.endsWith("'s") ? word.slice(0, -2) : word;
			if (bare.includes("'") || bare.length < 2 || STOP.has(bare)) continue;
			tokens.push({ stem: stem(bare), surface: bare });
		}
		if (tokens.length > 0) out.push(tokens);
	}
	return out;
}

/** The phrases of one text (step 3): stem key → wording, each once. */
export function phrases(text: string): Map<string, string> {
	const found = new Map<string, string>();
	for (const tokens of clauses(text)) {
		for (let i = 0; i < tokens.length; i++) {
			const a = tokens[i]!;
			if (!found.has(a.stem)) found.set(a.stem, a.surface);
			const b = tokens[i + 1];
			if (b && b.stem !== a.stem) {
				// Unordered: "comfortable seats" and "seats were comfortable" are one theme.
				const key = a.stem < b.stem ? `${a.stem} ${b.stem}` : `${b.stem} ${a.stem}`;
				if (!found.has(key)) found.set(key, `${a.surface} ${b.surface}`);
			}
		}
	}
	return found;
}

interface Tally {
	key: string;
	words: number;
	count: number;
	negative: number;
	scored: number;
	surfaces: Map<string, number>;
	examples: number[];
	/** Positions (in the input) of the items that mention it. */
	items: number[];
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function wording(surfaces: Map<string, number>): string {
	let best = '';
	let bestN = -1;
	for (const [surface, n] of surfaces) if (n > bestN || (n === bestN && compareText(surface, best) < 0)) [best, bestN] = [surface, n];
	return best;
}

export function topThemes(items: readonly ThemeItem[], options: ThemeOptions = {}): Theme[] {
	const limit = options.limit ?? 10;
	const minCount = options.minCount ?? 2;
	const tallies = new Map<string, Tally>();
	items.forEach((item, position) => {
		for (const [key, surface] of phrases(item.body)) {
			let t = tallies.get(key);
			if (!t) tallies.set(key, (t = { key, words: key.includes(' ') ? 2 : 1, count: 0, negative: 0, scored: 0, surfaces: new Map(), examples: [], items: [] }));
			t.count++;
			t.items.push(position);
			if (item.sentiment !== null) t.scored++;
			if (item.sentiment === 'negative') t.negative++;
			t.surfaces.set(surface, (t.surfaces.get(surface) ?? 0) + 1);
			if (t.examples.length < 2) t.examples.push(item.id);
		}
	});
	const frequent = [...tallies.values()].filter((t) => t.count >= minCount);
	// Step 4: the items of each word that its frequent bigrams account for.
	const covered = new Map<string, Set<number>>();
	for (const t of frequent) {
		if (t.words !== 2) continue;
		for (const part of t.key.split(' ')) {
			let set = covered.get(part);
			if (!set) covered.set(part, (set = new Set()));
			for (const position of t.items) set.add(position);
		}
	}
	const themes = frequent
		.filter((t) => t.words === 2 || (covered.get(t.key)?.size ?? 0) < BIGRAM_COVER * t.count)
		.map((t) => {
			const negativeShare = t.scored > 0 ? t.negative / t.scored : null;
			return {
				theme: {
					phrase: wording(t.surfaces),
					count: t.count,
					negative: t.negative,
					negativeShare: negativeShare === null ? null : Math.round(negativeShare * 1000) / 1000,
					weight: Math.round(t.count * (1 + (negativeShare ?? 0)) * 1000) / 1000,
					exampleIds: t.examples
				},
				words: t.words,
				key: t.key
			};
		});
	themes.sort(
		(a, b) => b.theme.weight - a.theme.weight || b.theme.count - a.theme.count || b.words - a.words || compareText(a.key, b.key)
	);
	return themes.slice(0, limit).map((t) => t.theme);
}
