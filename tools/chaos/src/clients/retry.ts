/** Counts a client's retried writes: what a real client would have had to do during a fault. */
export interface RetryCounter {
  retried(reason: string): void;
}

export class TransientFailure extends Error {}

/**
 * Runs `attempt` until it succeeds, retrying a TransientFailure (or a network error) with capped
 * backoff, as a patient client would; gives up after `deadlineMs` and rethrows the last failure.
 */
export async function retryTransient<T>(
  attempt: () => Promise<T>,
  counter: RetryCounter,
  deadlineMs = 180_000,
): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  for (let round = 0; ; round += 1) {
    try {
      return await attempt();
    } catch (error) {
      const transient = error instanceof TransientFailure || isNetworkError(error);
      if (!transient || Date.now() > deadline) throw error;
      counter.retried(error instanceof Error ? error.message : String(error));
      await sleep(Math.min(3000, 200 * 2 ** Math.min(round, 4)));
    }
  }
}

function isNetworkError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  // fetch: TypeError('fetch failed') with a cause; timeouts: AbortError/TimeoutError.
  return (
    error.name === 'TimeoutError' ||
    error.name === 'AbortError' ||
    error.message === 'fetch failed' ||
    /ECONNREFUSED|ECONNRESET|socket hang up|EPIPE/.test(error.message)
  );
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
