import {
  AuthError,
  AuthErrorCode,
  consumerDecision,
  RateLimitedError,
  RetryableError,
} from '@concord/errors';

import { InProcessLock } from './distributed-lock';
import { OAuthTokenManager, TokenSet } from './oauth-token-manager';
import { tokenEndpointError } from './token-endpoint-error';

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

function deferred<T>(): Deferred<T> {
  let resolve: (value: T) => void = () => undefined;
  let reject: (error: unknown) => void = () => undefined;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A fake token endpoint: numbered tokens valid for `lifetimeMs`, calls recorded. */
function tokenEndpoint(clock: { now: number }, lifetimeMs = 3_600_000) {
  const calls: Array<{ connectionId: string; current: TokenSet | undefined }> = [];
  const refresh = async (
    current: TokenSet | undefined,
    connectionId: string,
  ): Promise<TokenSet> => {
    calls.push({ connectionId, current });
    return {
      accessToken: `${connectionId}-access-${calls.length}`,
      refreshToken: current?.refreshToken ?? `${connectionId}-refresh`,
      expiresAt: clock.now + lifetimeMs,
    };
  };
  return { calls, refresh };
}

async function caught(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('OAuthTokenManager', () => {
  const start = Date.parse('2026-01-01T00:00:00Z');

  it('shares one refresh among 20 concurrent callers', async () => {
    const pending = deferred<TokenSet>();
    let refreshes = 0;
    const manager = new OAuthTokenManager({
      refresh: () => {
        refreshes += 1;
        return pending.promise;
      },
    });
    const callers = Array.from({ length: 20 }, () => manager.getAccessToken('conn-1'));
    pending.resolve({
      accessToken: 'at-1',
      refreshToken: 'rt-1',
      expiresAt: Date.now() + 3_600_000,
    });
    expect(await Promise.all(callers)).toEqual(Array(20).fill('at-1'));
    expect(refreshes).toBe(1);
    expect(await manager.getAccessToken('conn-1')).toBe('at-1');
    expect(refreshes).toBe(1);
  });

  it('refreshes different connections independently', async () => {
    const slow = deferred<TokenSet>();
    const manager = new OAuthTokenManager({
      refresh: async (_current, connectionId) =>
        connectionId === 'slow'
          ? slow.promise
          : { accessToken: `${connectionId}-token`, expiresAt: Date.now() + 3_600_000 },
    });
    const slowToken = manager.getAccessToken('slow');
    expect(await manager.getAccessToken('fast')).toBe('fast-token');
    slow.resolve({ accessToken: 'slow-token', expiresAt: Date.now() + 3_600_000 });
    expect(await slowToken).toBe('slow-token');
  });

  it('serves the cached token until it is within the margin of expiry', async () => {
    const clock = { now: start };
    const endpoint = tokenEndpoint(clock, 120_000);
    const manager = new OAuthTokenManager({
      refresh: endpoint.refresh,
      refreshMarginMs: 60_000,
      now: () => clock.now,
    });
    expect(await manager.getAccessToken('c')).toBe('c-access-1');
    clock.now = start + 59_999;
    expect(await manager.getAccessToken('c')).toBe('c-access-1');
    clock.now = start + 60_000;
    expect(await manager.getAccessToken('c')).toBe('c-access-2');
    expect(endpoint.calls).toHaveLength(2);
    expect(endpoint.calls[1].current?.refreshToken).toBe('c-refresh');
  });

  it('surfaces a retryable failure, caches nothing, and succeeds on the next call', async () => {
    let attempt = 0;
    const manager = new OAuthTokenManager({
      refresh: async () => {
        attempt += 1;
        if (attempt === 1) throw tokenEndpointError({ status: 503 });
        return { accessToken: 'at-after-outage', expiresAt: Date.now() + 3_600_000 };
      },
    });
    const concurrent = [manager.getAccessToken('c'), manager.getAccessToken('c')];
    const errors = await Promise.all(concurrent.map(caught));
    expect(attempt).toBe(1);
    for (const error of errors) {
      expect(error).toBeInstanceOf(RetryableError);
      expect((error as RetryableError).code).toBe(AuthErrorCode.TOKEN_REFRESH_FAILED);
      expect((error as RetryableError).details).toEqual({
        connectionId: 'c',
        reason: 'UPSTREAM_UNAVAILABLE',
      });
    }
    expect(await manager.getAccessToken('c')).toBe('at-after-outage');
    expect(attempt).toBe(2);
  });

  it('reports invalid_grant as a permanent auth failure that pauses the connection', async () => {
    const manager = new OAuthTokenManager({
      refresh: async () => {
        throw tokenEndpointError({ status: 400, error: 'invalid_grant' });
      },
    });
    const error = await caught(manager.getAccessToken('c'));
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).code).toBe(AuthErrorCode.TOKEN_REFRESH_FAILED);
    expect((error as AuthError).details).toEqual({
      connectionId: 'c',
      reason: 'REVOKED_CREDENTIALS',
    });
    expect(consumerDecision(error)).toEqual({ action: 'pause-connection' });
  });

  it('keeps the wait of a rate-limited token endpoint and treats unknown errors as retryable', async () => {
    const limited = new OAuthTokenManager({
      refresh: async () => {
        throw tokenEndpointError({ status: 429, retryAfter: '7' });
      },
    });
    const error = await caught(limited.getAccessToken('c'));
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterMs).toBe(7000);
    const broken = new OAuthTokenManager({
      refresh: async () => {
        throw new Error('socket hang up, token=secret-value');
      },
    });
    const unknown = await caught(broken.getAccessToken('c'));
    expect(unknown).toBeInstanceOf(RetryableError);
    expect(unknown.message).toBe('Token refresh for connection c failed (UNEXPECTED)');
  });

  it('refuses a refresh result without a usable access token', async () => {
    const manager = new OAuthTokenManager({
      refresh: async () => ({ accessToken: '', expiresAt: Number.NaN }),
    });
    const error = await caught(manager.getAccessToken('c'));
    expect(error).toBeInstanceOf(AuthError);
    expect(error.message).toBe('Token refresh for connection c returned no usable access token');
  });

  it('refreshes after invalidate, once for many concurrent callers', async () => {
    const clock = { now: start };
    const endpoint = tokenEndpoint(clock);
    const manager = new OAuthTokenManager({ refresh: endpoint.refresh, now: () => clock.now });
    const first = await manager.getAccessToken('c');
    manager.invalidate('c');
    const after = await Promise.all(Array.from({ length: 10 }, () => manager.getAccessToken('c')));
    expect(new Set(after)).toEqual(new Set(['c-access-2']));
    expect(first).toBe('c-access-1');
    expect(endpoint.calls).toHaveLength(2);
  });

  it('ignores a 401 report about a token that was already replaced', async () => {
    const clock = { now: start };
    const endpoint = tokenEndpoint(clock);
    const manager = new OAuthTokenManager({ refresh: endpoint.refresh, now: () => clock.now });
    const stale = await manager.getAccessToken('c');
    manager.invalidate('c', stale);
    const fresh = await manager.getAccessToken('c');
    manager.invalidate('c', stale);
    manager.invalidate('unknown-connection');
    expect(await manager.getAccessToken('c')).toBe(fresh);
    expect(endpoint.calls).toHaveLength(2);
  });

  it('starts from seeded tokens and forgets a connection', async () => {
    const clock = { now: start };
    const endpoint = tokenEndpoint(clock);
    const manager = new OAuthTokenManager({ refresh: endpoint.refresh, now: () => clock.now });
    manager.setTokens('c', {
      accessToken: 'stored',
      refreshToken: 'stored-rt',
      expiresAt: start + 600_000,
    });
    expect(await manager.getAccessToken('c')).toBe('stored');
    manager.forget('c');
    expect(await manager.getAccessToken('c')).toBe('c-access-1');
    expect(endpoint.calls[0].current).toBeUndefined();
  });

  it('announces a rotated refresh token once, and retries the announcement until it is stored', async () => {
    let issued = 0;
    const clock = { now: start };
    const manager = new OAuthTokenManager({
      now: () => clock.now,
      refresh: async (current) => {
        issued += 1;
        // Rotates on the second refresh only, like an endpoint with single-use refresh tokens.
        return {
          accessToken: `at-${issued}`,
          refreshToken: issued === 2 ? 'rt-2' : (current?.refreshToken ?? 'rt-1'),
          expiresAt: clock.now + 3_600_000,
        };
      },
    });
    const stored: string[] = [];
    let storeFails = false;
    manager.onRotated(async (connectionId, tokens) => {
      if (storeFails) throw new Error('kafka unavailable');
      stored.push(`${connectionId}:${tokens.refreshToken}`);
    });
    await manager.getAccessToken('c');
    expect(stored).toEqual(['c:rt-1']);
    clock.now += 3_600_000;
    storeFails = true;
    const failure = await caught(manager.getAccessToken('c'));
    expect(failure).toBeInstanceOf(RetryableError);
    expect(failure.message).toBe('Rotated refresh token for connection c could not be stored yet');
    storeFails = false;
    expect(await manager.getAccessToken('c')).toBe('at-2');
    expect(stored).toEqual(['c:rt-1', 'c:rt-2']);
    expect(issued).toBe(2);
    clock.now += 3_600_000;
    expect(await manager.getAccessToken('c')).toBe('at-3');
    expect(stored).toEqual(['c:rt-1', 'c:rt-2']);
  });

  it('stops announcing to a listener that unsubscribed', async () => {
    const manager = new OAuthTokenManager({
      refresh: async () => ({
        accessToken: 'a',
        refreshToken: 'r',
        expiresAt: Date.now() + 3_600_000,
      }),
    });
    const seen: string[] = [];
    const unsubscribe = manager.onRotated((connectionId) => {
      seen.push(connectionId);
    });
    unsubscribe();
    await manager.getAccessToken('c');
    expect(seen).toEqual([]);
  });

  it('lets two replicas sharing a lock and a store refresh a connection only once', async () => {
    const clock = { now: start };
    const endpoint = tokenEndpoint(clock);
    const store = new Map<string, TokenSet>();
    const lock = new InProcessLock();
    const replica = () => {
      const manager = new OAuthTokenManager({
        refresh: endpoint.refresh,
        now: () => clock.now,
        lock,
        loadLatest: async (connectionId) => store.get(connectionId),
      });
      manager.onRotated((connectionId, tokens) => {
        store.set(connectionId, tokens);
      });
      return manager;
    };
    const [a, b] = [replica(), replica()];
    const tokens = await Promise.all([
      a.getAccessToken('c'),
      b.getAccessToken('c'),
      a.getAccessToken('c'),
    ]);
    expect(tokens).toEqual(['c-access-1', 'c-access-1', 'c-access-1']);
    expect(endpoint.calls).toHaveLength(1);
  });
});

describe('InProcessLock', () => {
  it('runs holders of one key one at a time and other keys in parallel', async () => {
    const lock = new InProcessLock();
    const events: string[] = [];
    const gate = deferred<void>();
    const first = lock.withLock('k', 10_000, async () => {
      events.push('first:start');
      await gate.promise;
      events.push('first:end');
      return 1;
    });
    const second = lock.withLock('k', 10_000, async () => {
      events.push('second:start');
      return 2;
    });
    const other = await lock.withLock('other', 10_000, async () => {
      events.push('other');
      return 3;
    });
    gate.resolve();
    expect([await first, await second, other]).toEqual([1, 2, 3]);
    expect(events).toEqual(['first:start', 'other', 'first:end', 'second:start']);
  });

  it('releases after a failure and after the ttl of a holder that hangs', async () => {
    const lock = new InProcessLock();
    await expect(
      lock.withLock('k', 10_000, async () => Promise.reject(new Error('boom'))),
    ).rejects.toThrow('boom');
    const hang = deferred<void>();
    const hung = lock.withLock('k', 5, () => hang.promise);
    expect(await lock.withLock('k', 10_000, async () => 'next holder')).toBe('next holder');
    hang.resolve();
    await hung;
  });
});
