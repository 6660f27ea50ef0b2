import { classifyError } from '@concord/errors';
import type { ConnectionTestResult } from '@concord/model';

import type { ConnectionEntry } from '../connections/connection-state';
import type { ConnectorDefinition } from '../definition/connector-definition';

/** A connection test's result, and whether trying again later may work (a 5xx, a timeout). */
export interface ConnectionTestRun {
  test: ConnectionTestResult;
  outcome: ConnectionTestResult['outcome'];
  errorCode: string | null;
  retryable: boolean;
}

const TEST_TIMEOUT_MS = 20_000;
const REDACTED = '[redacted]';

/**
 * Runs the definition's `testConnection` (or its health probe) with the connection's client, built
 * from the real credentials. A failure is reported in the provider's words (the classified
 * error's message); any credential value that appears in it is replaced, so no secret leaves.
 */
export async function testConnection<TClient>(
  definition: ConnectorDefinition<TClient>,
  entry: ConnectionEntry<TClient>,
  requestId: string,
  now: () => Date,
): Promise<ConnectionTestRun> {
  const result = (
    outcome: ConnectionTestResult['outcome'],
    message: string | null,
    errorCode: string | null,
    retryable = false,
  ): ConnectionTestRun => ({
    outcome,
    errorCode,
    retryable,
    test: {
      requestId,
      outcome,
      message: message === null ? null : scrub(message, entry).slice(0, 1000),
      errorCode,
      testedAt: now().toISOString(),
    },
  });
  if (entry.resolved === null || entry.client === null) {
    return result(
      'failed',
      entry.problem ?? 'The connection cannot be used',
      'CONNECTION_UNUSABLE',
    );
  }
  const client = entry.client;
  const call = definition.testConnection ?? definition.healthProbe;
  try {
    await withTimeout(call.call(definition, client), TEST_TIMEOUT_MS);
    return result('succeeded', null, null);
  } catch (thrown) {
    const error = classifyError(definition.classifyError(thrown));
    return result('failed', error.message, error.code, error.retryable);
  }
}

function scrub(message: string, entry: ConnectionEntry<unknown>): string {
  const secrets = Object.values(entry.resolved?.credentials ?? {}).filter(
    (value) => typeof value === 'string' && value.length >= 4,
  );
  return secrets.reduce((text, secret) => text.split(secret).join(REDACTED), message);
}

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`No answer from the system within ${ms / 1000} s`)),
      ms,
    );
    timer.unref();
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
