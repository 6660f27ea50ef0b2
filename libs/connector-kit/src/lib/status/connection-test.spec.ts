import { AuthError, RetryableError } from '@concord/errors';
import { aConnectionSettings } from '@concord/testing';

import type { ConnectionEntry } from '../connections/connection-state';
import type { ConnectorDefinition } from '../definition/connector-definition';
import type { ResolvedConnection } from '../definition/resolved-connection';
import { testConnection } from './connection-test';

const SECRET = 'sk_live_abcdefgh12345678';
const REQUEST = '7d4c0f38-7a4e-4d0e-9b8f-7a2a4c7f1b21';
const at = new Date('2026-12-05T03:00:00.000Z');

function entryWith(
  client: { call(): Promise<void> } | null,
): ConnectionEntry<{ call(): Promise<void> }> {
  const settings = aConnectionSettings();
  return {
    settings,
    resolved:
      client === null
        ? null
        : ({ credentials: { apiKey: SECRET } } as unknown as ResolvedConnection),
    client,
    problem: client === null ? 'the credentials cannot be decrypted' : null,
    attention: null,
  };
}

function definitionWith(
  test?: (client: { call(): Promise<void> }) => Promise<void>,
): ConnectorDefinition<{ call(): Promise<void> }> {
  return {
    healthProbe: (client: { call(): Promise<void> }) => client.call(),
    testConnection: test,
    classifyError: (error: unknown) =>
      error instanceof AuthError || error instanceof RetryableError
        ? error
        : new RetryableError('UNEXPECTED', String(error)),
  } as unknown as ConnectorDefinition<{ call(): Promise<void> }>;
}

describe('testConnection', () => {
  it('reports success when the authenticated call works (the health probe without a hook)', async () => {
    const run = await testConnection(
      definitionWith(),
      entryWith({ call: async () => undefined }),
      REQUEST,
      () => at,
    );
    expect(run.test).toEqual({
      requestId: REQUEST,
      outcome: 'succeeded',
      message: null,
      errorCode: null,
      testedAt: '2026-12-05T03:00:00.000Z',
    });
  });

  it("uses the connector's own test and reports the provider's words without any credential in them", async () => {
    const run = await testConnection(
      definitionWith(async () => {
        throw new AuthError('REVOKED_CREDENTIALS', `Invalid API Key provided: ${SECRET}`);
      }),
      entryWith({ call: async () => undefined }),
      REQUEST,
      () => at,
    );
    expect(run).toMatchObject({ outcome: 'failed', retryable: false });
    expect(run.test).toMatchObject({
      message: 'Invalid API Key provided: [redacted]',
      errorCode: 'REVOKED_CREDENTIALS',
    });
  });

  it('says why a connection that cannot be used fails, without calling the system', async () => {
    const run = await testConnection(definitionWith(), entryWith(null), REQUEST, () => at);
    expect(run.test).toMatchObject({
      outcome: 'failed',
      message: 'the credentials cannot be decrypted',
      errorCode: 'CONNECTION_UNUSABLE',
    });
  });

  it('marks a provider outage as worth retrying', async () => {
    const run = await testConnection(
      definitionWith(async () => {
        throw new RetryableError('UPSTREAM_UNAVAILABLE', 'Stripe answered 503');
      }),
      entryWith({ call: async () => undefined }),
      REQUEST,
      () => at,
    );
    expect(run).toMatchObject({ outcome: 'failed', retryable: true });
    expect(run.test.message).toBe('Stripe answered 503');
  });
});
