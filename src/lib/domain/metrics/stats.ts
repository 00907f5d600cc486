/**
 * Distributions and percentiles the metric definitions need (DESIGN.md §4): the normal and
 * Student-t quantiles for 95 % intervals and the continuous percentile. Pure numbers, no IO.
 *
 * The SQL side (`supabase/migrations/20261201100000_metrics.sql`, schema `private`) runs the
 * same algorithms step for step, so the database and this reference agree to ~1e-12.
 */

/** Φ⁻¹(0.975): the normal quantile of every two-sided 95 % interval. */
export const Z_95 = 1.959963984540054;

/** Above this many degrees of freedom the t quantile comes from its Cornish–Fisher series. */
export const T_SERIES_MIN_DF = 1000;

const LANCZOS = [
	0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
	12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7
];

/** ln Γ(x) for x > 0 (Lanczos approximation, g = 7, nine terms; ~1e-15 relative). */
export function logGamma(x: number): number {
	if (!(x > 0)) throw new RangeError(`logGamma needs x > 0, got ${x}`);
	if (x < 0.5) {
		// Reflection keeps the series in its accurate range: Γ(x)Γ(1−x) = π / sin(πx).
		return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
	}
	const z = x - 1;
	let sum = LANCZOS[0]!;
	for (let i = 1; i < 9; i++) sum += LANCZOS[i]! / (z + i);
	const t = z + 7.5;
	return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

const TINY = 1e-300;

/**
 * Continued fraction of the regularized incomplete beta function (modified Lentz):
 * I_x(a,b) = x^a (1−x)^b / (a B(a,b)) · 1 / (1 + d1 / (1 + d2 / (1 + …))) with
 * d(2m+1) = −(a+m)(a+b+m)x / ((a+2m)(a+2m+1)) and d(2m) = m(b−m)x / ((a+2m−1)(a+2m)).
 * Returns the value of 1 + d1/(1 + d2/(…)).
 */
function betaFraction(x: number, a: number, b: number): number {
	let c = 1;
	let d = 0;
	let f = 1;
	for (let j = 1; j <= 10_000; j++) {
		const m = Math.floor(j / 2);
		const dj = j % 2 === 1 ? (-(a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1)) : (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m));
		d = 1 + dj * d;
		if (Math.abs(d) < TINY) d = TINY;
		c = 1 + dj / c;
		if (Math.abs(c) < TINY) c = TINY;
		d = 1 / d;
		const delta = c * d;
		f *= delta;
		if (Math.abs(delta - 1) < 1e-15) break;
	}
	return f;
}

/**
 * Regularized incomplete beta I_x(a, b), given x and y = 1 − x separately (so a tail near x = 1
 * keeps its digits). Uses the continued fraction on whichever side converges fast.
 */
export function incompleteBeta(x: number, y: number, a: number, b: number): number {
	if (x <= 0) return 0;
	if (y <= 0) return 1;
	const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(y));
	if (x < (a + 1) / (a + b + 2)) return front / (a * betaFraction(x, a, b));
	return 1 - front / (b * betaFraction(y, b, a));
}

/** Upper tail P(T > t) of Student's t with df degrees of freedom, for t >= 0. */
export function studentTUpperTail(t: number, df: number): number {
	const t2 = t * t;
	return 0.5 * incompleteBeta(df / (df + t2), t2 / (df + t2), df / 2, 0.5);
}

/** Student's t cumulative distribution function P(T <= t). */
export function studentTCdf(t: number, df: number): number {
	return t >= 0 ? 1 - studentTUpperTail(t, df) : studentTUpperTail(-t, df);
}

/** Density of Student's t. */
export function studentTDensity(t: number, df: number): number {
	return Math.exp(logGamma((df + 1) / 2) - logGamma(df / 2) - 0.5 * Math.log(df * Math.PI) - ((df + 1) / 2) * Math.log1p((t * t) / df));
}

/** Complementary error function, for x >= 0: power series below 2.5, continued fraction above. */
function erfc(x: number): number {
	if (x < 2.5) {
		// erf(x) = 2/√π · e^(−x²) · Σ 2^n x^(2n+1) / (1·3·…·(2n+1)); every term positive.
		let term = x;
		let sum = x;
		for (let n = 1; n < 200 && term > 1e-17 * sum; n++) {
			term *= (2 * x * x) / (2 * n + 1);
			sum += term;
		}
		return 1 - (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x) * sum;
	}
	// erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), modified Lentz.
	let f = x;
	let c = x;
	let d = 0;
	for (let j = 1; j < 500; j++) {
		const aj = j / 2;
		d = x + aj * d;
		if (Math.abs(d) < TINY) d = TINY;
		c = x + aj / c;
		if (Math.abs(c) < TINY) c = TINY;
		d = 1 / d;
		const delta = c * d;
		f *= delta;
		if (Math.abs(delta - 1) < 1e-16) break;
	}
	return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}

/** Standard normal cumulative distribution function Φ(x). */
export function normalCdf(x: number): number {
	return x >= 0 ? 1 - 0.5 * erfc(x / Math.SQRT2) : 0.5 * erfc(-x / Math.SQRT2);
}

/**
 * Standard normal quantile Φ⁻¹(p): the rational start of Abramowitz & Stegun 26.2.23
 * (error < 4.5e-4), then Newton steps on Φ to full precision.
 */
export function normalQuantile(p: number): number {
	if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile needs 0 < p < 1, got ${p}`);
	if (p < 0.5) return -normalQuantile(1 - p);
	if (p === 0.5) return 0;
	const q = 1 - p;
	const w = Math.sqrt(-2 * Math.log(q));
	let x = w - (2.515517 + 0.802853 * w + 0.010328 * w * w) / (1 + 1.432788 * w + 0.189269 * w * w + 0.001308 * w * w * w);
	for (let i = 0; i < 8; i++) {
		const upper = 0.5 * erfc(x / Math.SQRT2);
		const step = (upper - q) / (Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI));
		x += step;
		if (Math.abs(step) < 1e-15 * Math.max(1, x)) break;
	}
	return x;
}

/**
 * Cornish–Fisher expansion of the t quantile (Abramowitz & Stegun 26.7.5), four terms:
 * t = z + g1/ν + g2/ν² + g3/ν³ + g4/ν⁴. Error below 1e-14 for ν > 1000 at p = 0.975.
 */
export function studentTQuantileSeries(z: number, df: number): number {
	const z2 = z * z;
	const g1 = (z * (z2 + 1)) / 4;
	const g2 = (z * (3 + z2 * (16 + 5 * z2))) / 96;
	const g3 = (z * (-15 + z2 * (17 + z2 * (19 + 3 * z2)))) / 384;
	const g4 = (z * (-945 + z2 * (-1920 + z2 * (1482 + z2 * (776 + 79 * z2))))) / 92160;
	return z + (g1 + (g2 + (g3 + g4 / df) / df) / df) / df;
}

/**
 * Student-t quantile: the t with P(T <= t) = p for df degrees of freedom.
 * For df <= 1000 it solves P(T > t) = 1 − p exactly: start from the Cornish–Fisher series,
 * then Newton steps on the tail (an incomplete beta function), kept inside a bracket that
 * bisection falls back to; stops when a step is below 1e-13 relative. For df > 1000 the
 * series itself is accurate to machine precision.
 */
export function studentTQuantile(p: number, df: number): number {
	if (!(p > 0 && p < 1)) throw new RangeError(`studentTQuantile needs 0 < p < 1, got ${p}`);
	if (!(df > 0)) throw new RangeError(`studentTQuantile needs df > 0, got ${df}`);
	if (p < 0.5) return -studentTQuantile(1 - p, df);
	if (p === 0.5) return 0;
	return upperTQuantile(1 - p, normalQuantile(p), df);
}

/** The t > 0 with P(T > t) = q, given z = Φ⁻¹(1 − q) (shared by the SQL port, which passes Z_95). */
export function upperTQuantile(q: number, z: number, df: number): number {
	let t = studentTQuantileSeries(z, df);
	if (df > T_SERIES_MIN_DF) return t;
	let low = 0;
	let high = Infinity;
	if (!(t > 0) || !Number.isFinite(t)) t = 1;
	for (let i = 0; i < 200; i++) {
		const g = studentTUpperTail(t, df) - q; // decreasing in t
		if (g > 0) low = t;
		else high = t;
		let next = t + g / studentTDensity(t, df);
		if (!(next > low && next < high)) next = Number.isFinite(high) ? (low + high) / 2 : Math.max(2 * t, low + 1);
		const step = Math.abs(next - t);
		t = next;
		if (step <= 1e-13 * t) break;
	}
	return t;
}

/**
 * Continuous percentile, the same rule as Postgres `percentile_cont(p) within group (order by x)`:
 * with the values sorted, h = (n − 1)·p, result = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌈h⌉] − x[⌊h⌋]).
 * Returns null for no values. `sorted` must be ascending.
 */
export function percentileCont(sorted: ArrayLike<number>, p: number): number | null {
	if (sorted.length === 0) return null;
	if (!(p >= 0 && p <= 1)) throw new RangeError(`percentile needs 0 <= p <= 1, got ${p}`);
	const h = p * (sorted.length - 1);
	const first = Math.floor(h);
	const second = Math.ceil(h);
	const low = sorted[first]!;
	if (first === second) return low;
	return low + (h - first) * (sorted[second]! - low);
}

/** Numbers sorted ascending (a copy). */
export const ascending = (values: readonly number[]) => Float64Array.from(values).sort();
