export interface WaitUntilReadyOptions {
  timeoutMs: number;
  /** Throws (with the reason) when waiting longer is pointless, e.g. the process has exited. */
  stillRunning?: () => Promise<void> | void;
}

/**
 * Polls `url` every 100 ms until it answers 200, as a readiness probe would. On timeout the error
 * carries the last answer (status and body, which names the checks that are not ready yet).
 */
export async function waitUntilReady(url: string, options: WaitUntilReadyOptions): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let lastAnswer = 'no answer yet';
  while (Date.now() < deadline) {
    await options.stillRunning?.();
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.status === 200) return;
      lastAnswer = `HTTP ${response.status}: ${(await response.text()).slice(0, 300)}`;
    } catch (error) {
      lastAnswer = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `GET ${url} did not answer 200 within ${options.timeoutMs} ms (last: ${lastAnswer})`,
  );
}
