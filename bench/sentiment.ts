/**
 * `npm run bench:sentiment` — how often the sentiment method (src/lib/domain/feedback/sentiment.ts)
 * agrees with people, on the 14,640 "Twitter US Airline Sentiment" tweets labelled positive /
 * neutral / negative by human contributors (Crowdflower / Figure Eight, CC BY-NC-SA 4.0). The
 * file is not part of the project: it is read from ../shared/data/airline-tweets.csv next to
 * the repository (or BENCH_TWEETS), and the benchmark stops with a message when it is absent.
 *
 * Prints and writes bench/results/sentiment.json: accuracy, per-class precision / recall / F1,
 * macro F1, the confusion matrix (rows: human label, columns: method), the same on the tweets
 * whose label had full contributor agreement (confidence 1), polarity agreement where both
 * sides gave a polarity, the majority-class baseline, what a wider neutral band would have
 * given (the method uses none: see sentiment.ts), and the speed.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { runnerImport } from 'vite';

type Sentiment = typeof import('../src/lib/domain/feedback/sentiment.ts');
const { scoreSentiment, SENTIMENT_METHOD } = (await runnerImport<Sentiment>('/src/lib/domain/feedback/sentiment.ts', { logLevel: 'error' })).module;

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const file = process.env.BENCH_TWEETS ?? join(repo, '..', 'shared', 'data', 'airline-tweets.csv');
if (!existsSync(file)) {
	console.error(
		`bench:sentiment needs the labelled tweets at ${file} (the "Twitter US Airline Sentiment" set, ` +
			`columns airline_sentiment and text; see ../shared/data/README.md). Put the file there or set BENCH_TWEETS=<path>.`
	);
	process.exit(2);
}

const LABELS = ['positive', 'neutral', 'negative'] as const;
type Label = (typeof LABELS)[number];
const isLabel = (v: unknown): v is Label => LABELS.includes(v as Label);

const parsed = Papa.parse<Record<string, string>>(readFileSync(file, 'utf8'), { header: true, skipEmptyLines: true });
for (const column of ['airline_sentiment', 'text']) {
	if (!parsed.meta.fields?.includes(column)) {
		console.error(`${file} has no column '${column}' (columns: ${parsed.meta.fields?.join(', ')}).`);
		process.exit(2);
	}
}
const rows = parsed.data.filter((r) => isLabel(r.airline_sentiment) && typeof r.text === 'string');
if (rows.length === 0) {
	console.error(`${file} has no rows labelled positive, neutral or negative.`);
	process.exit(2);
}

// Warm-up (lexicon loading, JIT) on texts of its own — scoreSentiment remembers recent short
// texts, and the timed pass must score every tweet afresh — then one pass over every tweet.
for (let i = 0; i < 2000; i++) scoreSentiment(`warm-up ${i}: not a good ${i % 7 ? 'flight' : 'day'} :) thanks`);
const distinct = new Set(rows.map((r) => r.text)).size;
const started = performance.now();
const scores = rows.map((r) => scoreSentiment(r.text!));
const elapsedMs = performance.now() - started;

const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;

function evaluate(indices: number[], predict: (i: number) => Label) {
	const confusion: Record<Label, Record<Label, number>> = {
		positive: { positive: 0, neutral: 0, negative: 0 },
		neutral: { positive: 0, neutral: 0, negative: 0 },
		negative: { positive: 0, neutral: 0, negative: 0 }
	};
	for (const i of indices) confusion[rows[i]!.airline_sentiment as Label][predict(i)]++;
	const n = indices.length;
	const correct = LABELS.reduce((s, l) => s + confusion[l][l], 0);
	const perClass = Object.fromEntries(
		LABELS.map((l) => {
			const truth = LABELS.reduce((s, p) => s + confusion[l][p], 0);
			const predicted = LABELS.reduce((s, t) => s + confusion[t][l], 0);
			const precision = predicted ? confusion[l][l] / predicted : 0;
			const recall = truth ? confusion[l][l] / truth : 0;
			const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
			return [l, { support: truth, predicted, precision: round(precision), recall: round(recall), f1: round(f1) }];
		})
	) as Record<Label, { support: number; predicted: number; precision: number; recall: number; f1: number }>;
	const macroF1 = LABELS.reduce((s, l) => s + perClass[l].f1, 0) / LABELS.length;
	return { n, accuracy: round(correct / n), macroF1: round(macroF1), perClass, confusion };
}

const all = rows.map((_, i) => i);
const method = (i: number) => scores[i]!.label;
const confident = all.filter((i) => Number(rows[i]!.airline_sentiment_confidence) === 1);
const polar = all.filter((i) => rows[i]!.airline_sentiment !== 'neutral' && scores[i]!.label !== 'neutral');
const polarAgree = polar.filter((i) => rows[i]!.airline_sentiment === scores[i]!.label).length;
const humanPolar = all.filter((i) => rows[i]!.airline_sentiment !== 'neutral').length;
const counts = Object.fromEntries(LABELS.map((l) => [l, rows.filter((r) => r.airline_sentiment === l).length])) as Record<Label, number>;
const majority = LABELS.reduce((a, b) => (counts[a] >= counts[b] ? a : b));
const band = (width: number) => (i: number): Label => (scores[i]!.score >= width ? 'positive' : scores[i]!.score <= -width ? 'negative' : 'neutral');

const result = {
	when: new Date().toISOString(),
	method: SENTIMENT_METHOD,
	dataSet: {
		name: 'Twitter US Airline Sentiment (Crowdflower / Figure Eight, CC BY-NC-SA 4.0)',
		file: file.startsWith(join(repo, '..')) ? `../${file.slice(join(repo, '..').length + 1)}` : file,
		tweets: rows.length,
		labels: counts
	},
	all: evaluate(all, method),
	fullAgreement: { note: 'tweets whose human label had confidence 1', ...evaluate(confident, method) },
	polarity: {
		note: 'tweets a person called positive or negative and the method did not call neutral: share with the same polarity',
		coverage: round(polar.length / humanPolar),
		n: polar.length,
		agreement: round(polarAgree / polar.length)
	},
	baseline: { note: `always '${majority}' (the majority class)`, accuracy: round(counts[majority] / rows.length) },
	neutralBands: [0.05, 0.1, 0.2].map((width) => ({ width, accuracy: evaluate(all, band(width)).accuracy, macroF1: evaluate(all, band(width)).macroF1 })),
	speed: {
		totalMs: Math.round(elapsedMs),
		microsecondsPerText: round((elapsedMs * 1000) / rows.length, 1),
		textsPerSecond: Math.round(rows.length / (elapsedMs / 1000)),
		note: `${distinct.toLocaleString('en')} distinct texts: repeats (retweets) are scored once`,
		node: process.version
	}
};

mkdirSync(join(repo, 'bench', 'results'), { recursive: true });
writeFileSync(join(repo, 'bench', 'results', 'sentiment.json'), JSON.stringify(result, null, 2) + '\n');

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const a = result.all;
console.log(`sentiment: ${result.method}`);
console.log(`data: ${rows.length.toLocaleString('en')} labelled tweets (${LABELS.map((l) => `${l} ${counts[l]}`).join(', ')})`);
console.log(`accuracy ${pct(a.accuracy)}, macro F1 ${a.macroF1} (majority baseline ${pct(result.baseline.accuracy)}); full-agreement tweets (${result.fullAgreement.n}): ${pct(result.fullAgreement.accuracy)}`);
for (const l of LABELS) console.log(`  ${l.padEnd(8)} precision ${pct(a.perClass[l].precision)}  recall ${pct(a.perClass[l].recall)}  F1 ${a.perClass[l].f1}`);
console.log(`confusion (rows human, columns method: ${LABELS.join(' / ')}):`);
for (const l of LABELS) console.log(`  ${l.padEnd(8)} ${LABELS.map((p) => String(a.confusion[l][p]).padStart(6)).join(' ')}`);
console.log(`polarity agreement ${pct(result.polarity.agreement)} on ${pct(result.polarity.coverage)} of the polar tweets`);
console.log(`speed: ${result.speed.microsecondsPerText} µs per tweet (${result.speed.textsPerSecond.toLocaleString('en')} per second)`);
console.log(JSON.stringify(result, null, 2));
console.log('written to bench/results/sentiment.json');
