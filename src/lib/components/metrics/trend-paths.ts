import { area, curveMonotoneX, line } from 'd3';

/** A time bucket of a metric as touchpoint_trend returns it (value null below the minimum n). */
export interface TrendBucket {
	bucket_start: string;
	value: number | null;
	low: number | null;
	high: number | null;
}

/**
 * The SVG paths of a trend chart: the line through the buckets that have a value, and the 95 %
 * band around it; gaps where a bucket has too few answers. Shared by the Metrics tab's trend
 * and the impact chart.
 */
export function trendPaths(points: readonly TrendBucket[], x: (date: Date) => number, y: (value: number) => number): { line: string; band: string } {
	const at = (p: TrendBucket) => x(new Date(p.bucket_start));
	return {
		line:
			line<TrendBucket>()
				.defined((p) => p.value !== null)
				.x(at)
				.y((p) => y(p.value ?? 0))
				.curve(curveMonotoneX)(points) ?? '',
		band:
			area<TrendBucket>()
				.defined((p) => p.value !== null && p.low !== null && p.high !== null)
				.x(at)
				.y0((p) => y(p.low ?? 0))
				.y1((p) => y(p.high ?? 0))
				.curve(curveMonotoneX)(points) ?? ''
	};
}
