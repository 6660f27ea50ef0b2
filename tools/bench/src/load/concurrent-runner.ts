import { type LatencySummary, summarize } from '../stats/percentiles';

/** What a closed-loop run of `total` operations took. */
export interface ConcurrentRun {
  total: number;
  elapsedMs: number;
  perSecond: number;
  latency: LatencySummary;
}

/**
 * Runs `operation(i)` for i in 0..total-1 with `concurrency` workers, each starting its next
 * operation when the previous one finished (closed loop), and times each.
 */
export async function runConcurrently(
  total: number,
  concurrency: number,
  operation: (index: number) => Promise<unknown>,
): Promise<ConcurrentRun> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async (): Promise<void> => {
    while (next < total) {
      const index = next;
      next += 1;
      const t0 = performance.now();
      await operation(index);
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
  const elapsedMs = performance.now() - started;
  return { total, elapsedMs, perSecond: (total * 1000) / elapsedMs, latency: summarize(latencies) };
}
