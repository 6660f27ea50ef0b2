/** Latency summary in milliseconds over one set of samples. */
export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/**
 * The nearest-rank percentile of ascending `sorted` samples: the smallest sample with at least
 * `p` percent of the samples at or below it. NaN when there are no samples.
 */
export function percentile(sorted: readonly number[], p: number): number {
  if (p < 0 || p > 100) throw new RangeError(`percentile ${p} is outside 0..100`);
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

/** p50, p95, p99, max and mean of unordered samples. */
export function summarize(samples: readonly number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  const total = sorted.reduce((sum, value) => sum + value, 0);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.length ? (sorted[sorted.length - 1] as number) : Number.NaN,
    mean: sorted.length ? total / sorted.length : Number.NaN,
  };
}

/** Events per second among `timestamps` (ms) that fall in [fromMs, toMs). */
export function ratePerSecond(timestamps: readonly number[], fromMs: number, toMs: number): number {
  if (toMs <= fromMs) throw new RangeError('the window must end after it starts');
  const inWindow = timestamps.filter((t) => t >= fromMs && t < toMs).length;
  return (inWindow * 1000) / (toMs - fromMs);
}

/**
 * How time grows with size: the exponent k of time ∝ size^k fitted through two points. 1 is
 * linear; 2 quadratic. Reported so "linear" is a number, not an impression.
 */
export function growthExponent(
  small: { size: number; seconds: number },
  large: { size: number; seconds: number },
): number {
  if (small.size <= 0 || large.size <= small.size) throw new RangeError('sizes must grow');
  return Math.log(large.seconds / small.seconds) / Math.log(large.size / small.size);
}
