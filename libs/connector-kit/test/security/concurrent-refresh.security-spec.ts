import { OAuthTokenManager } from '@concord/auth';
import { randomSuffix, recordRefusal, testRedisUrl } from '@concord/testing';
import { Redis } from 'ioredis';

import { RedisLeases } from '../../src/lib/budget/lease';
import { LeaseLock } from '../../src/lib/budget/lease-lock';
import {
  refreshAt,
  type SalesforceTokens,
  startTokenEndpoint,
  type TokenEndpoint,
} from './token-endpoint';

const REPLICAS = 4;
const CALLERS_PER_REPLICA = 25;

let redis: Redis;
let endpoint: TokenEndpoint;
const namespace = `security-${randomSuffix()}`;

beforeAll(async () => {
  redis = new Redis(testRedisUrl());
  endpoint = await startTokenEndpoint(() => 'https://acme.my.salesforce.com');
});

afterAll(async () => {
  const keys = await redis.keys(`${namespace}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
  await endpoint.close();
});

/**
 * One replica's token manager: the Redis lock shared by every replica, the newest token set read
 * from Redis under the lock (another replica may just have refreshed), a rotated set written back.
 */
function replica(connectionId: string, shared = true): OAuthTokenManager<SalesforceTokens> {
  const stored = `${namespace}:tokens:${connectionId}`;
  const manager = new OAuthTokenManager<SalesforceTokens>({
    refresh: (current) => refreshAt(endpoint.url, current?.refreshToken ?? 'refresh-0'),
    ...(shared ? { lock: new LeaseLock(new RedisLeases(redis, namespace)) } : {}),
    loadLatest: async () => {
      const text = await redis.get(stored);
      return text === null ? undefined : (JSON.parse(text) as SalesforceTokens);
    },
  });
  manager.onRotated(async (_id, tokens) => {
    await redis.set(stored, JSON.stringify(tokens));
  });
  // Each replica starts from the same expired token set, as after a deploy.
  manager.setTokens(connectionId, {
    accessToken: 'expired',
    refreshToken: 'refresh-0',
    expiresAt: 0,
    instanceUrl: 'https://acme.my.salesforce.com',
  });
  return manager;
}

describe('concurrent token refreshes across replicas (OAuthTokenManager + Redis lock)', () => {
  it(`makes exactly one refresh for ${REPLICAS} replicas x ${CALLERS_PER_REPLICA} concurrent callers`, async () => {
    const connectionId = `tenant-${randomSuffix()}:salesforce`;
    const replicas = Array.from({ length: REPLICAS }, () => replica(connectionId));
    const before = endpoint.refreshes();
    const tokens = await Promise.all(
      replicas.flatMap((manager) =>
        Array.from({ length: CALLERS_PER_REPLICA }, () => manager.getAccessToken(connectionId)),
      ),
    );
    const refreshes = endpoint.refreshes() - before;
    recordRefusal(
      'token-refresh',
      `${REPLICAS * CALLERS_PER_REPLICA} concurrent getAccessToken calls on ${REPLICAS} replicas`,
      refreshes === 1,
      `${refreshes} refresh request(s), ${new Set(tokens).size} distinct token(s)`,
    );
    expect(refreshes).toBe(1);
    expect(new Set(tokens)).toEqual(new Set([`access-${endpoint.refreshes()}`]));
  });

  it('the control: without the shared lock every replica refreshes on its own', async () => {
    const connectionId = `tenant-${randomSuffix()}:salesforce`;
    const replicas = Array.from({ length: REPLICAS }, () => replica(connectionId, false));
    const before = endpoint.refreshes();
    await Promise.all(replicas.map((manager) => manager.getAccessToken(connectionId)));
    expect(endpoint.refreshes() - before).toBe(REPLICAS);
  });
});
