import { RetryableError, RetryableErrorCode } from '@concord/errors';
import { Client } from 'pg';

import { describePostgresUrl } from './postgres-url';

/** True if the server at `url` accepts a connection and answers `SELECT 1` within `timeoutMs`. */
export async function postgresAnswers(url: string, timeoutMs = 2000): Promise<boolean> {
  return (await trySelectOne(url, timeoutMs)) === undefined;
}

/** Resolves once PostgreSQL at `url` answers `SELECT 1`; rejects with a RetryableError after `timeoutMs`. */
export async function waitForPostgres(
  url: string,
  timeoutMs: number,
  intervalMs = 200,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: string | undefined;
  for (;;) {
    const remaining = deadline - Date.now();
    lastError = await trySelectOne(url, Math.max(250, Math.min(2000, remaining)));
    if (lastError === undefined) return;
    if (Date.now() + intervalMs > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new RetryableError(
    RetryableErrorCode.TIMEOUT,
    `PostgreSQL at ${describePostgresUrl(url)} did not answer within ${timeoutMs} ms (last error: ${lastError})`,
  );
}

/** Returns undefined on success, else the failure's message (never the URL, which may hold a password). */
async function trySelectOne(url: string, timeoutMs: number): Promise<string | undefined> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  // A server that dies mid-probe emits 'error' on the client; without a listener that would crash the process.
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}
