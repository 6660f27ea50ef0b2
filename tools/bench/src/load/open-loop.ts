/**
 * Starts `send(i)` at a fixed rate for `durationMs`, whether or not earlier sends have finished
 * (open loop: a slow system does not slow the offered load down, so queueing shows as latency).
 * Resolves when every send has settled; failures are counted, not thrown.
 */
export async function offerAtRate(
  perSecond: number,
  durationMs: number,
  send: (index: number) => Promise<unknown>,
): Promise<{ sent: number; failed: number }> {
  const total = Math.max(1, Math.round((perSecond * durationMs) / 1000));
  const intervalMs = 1000 / perSecond;
  const started = performance.now();
  const inFlight: Array<Promise<unknown>> = [];
  let failed = 0;
  for (let i = 0; i < total; i += 1) {
    const due = started + i * intervalMs;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    inFlight.push(
      send(i).catch(() => {
        failed += 1;
      }),
    );
  }
  await Promise.all(inFlight);
  return { sent: total, failed };
}

/**
 * Keeps `concurrency` sends in flight for `durationMs` (more than the system can take when the
 * concurrency is high enough): the overload that sustained throughput is measured under.
 */
export async function saturate(
  concurrency: number,
  durationMs: number,
  send: (index: number) => Promise<unknown>,
): Promise<{ sent: number; failed: number }> {
  const until = performance.now() + durationMs;
  let next = 0;
  let failed = 0;
  const worker = async (): Promise<void> => {
    while (performance.now() < until) {
      const index = next;
      next += 1;
      await send(index).catch(() => {
        failed += 1;
      });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { sent: next, failed };
}
