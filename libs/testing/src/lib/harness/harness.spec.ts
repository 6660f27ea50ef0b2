import { createServer } from 'node:net';

import { eventually } from './eventually';
import { freePort } from './free-port';
import { testDatabaseAdminUrl, testKafkaBrokers, testRedisUrl } from './test-environment';
import { randomSuffix, testTenantId, testTopicPrefix } from './test-ids';

describe('eventually', () => {
  it('returns the first result that does not throw', async () => {
    let calls = 0;
    const value = await eventually(
      () => {
        calls += 1;
        if (calls < 3) throw new Error(`not yet (${calls})`);
        return 'done';
      },
      { intervalMs: 1 },
    );
    expect(value).toBe('done');
    expect(calls).toBe(3);
  });

  it('rethrows the last error when time runs out', async () => {
    let calls = 0;
    const attempt = eventually(
      async () => {
        calls += 1;
        expect(calls).toBeGreaterThan(1_000_000);
      },
      { timeoutMs: 50, intervalMs: 5 },
    );
    await expect(attempt).rejects.toThrow(/toBeGreaterThan/);
  });
});

describe('freePort', () => {
  it('returns a port that can be bound', async () => {
    const port = await freePort();
    await new Promise<void>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
    });
  });
});

describe('test ids', () => {
  it('are unique and shaped for topic names, tenants and database names', () => {
    expect(randomSuffix()).toMatch(/^[0-9a-f]{8}$/);
    expect(testTopicPrefix()).toMatch(/^t[0-9a-f]{6}\.$/);
    expect(testTenantId()).toMatch(/^tenant-[0-9a-f]{8}$/);
    expect(new Set(Array.from({ length: 100 }, () => testTenantId())).size).toBe(100);
  });
});

describe('test environment', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('reads the services from the environment', () => {
    process.env.KAFKA_BROKERS = 'k1:9092, k2:9092';
    process.env.REDIS_URL = 'redis://r:6379/3';
    process.env.DATABASE_URL = 'postgres://postgres@db:5432/postgres';
    expect(testKafkaBrokers()).toEqual(['k1:9092', 'k2:9092']);
    expect(testRedisUrl()).toBe('redis://r:6379/3');
    expect(testDatabaseAdminUrl()).toBe('postgres://postgres@db:5432/postgres');
  });

  it('defaults to the local test services', () => {
    delete process.env.KAFKA_BROKERS;
    delete process.env.REDIS_URL;
    delete process.env.DATABASE_URL;
    expect(testKafkaBrokers()).toEqual(['127.0.0.1:19092']);
    expect(testRedisUrl()).toBe('redis://127.0.0.1:6379/15');
    expect(testDatabaseAdminUrl()).toBe('postgres://postgres@127.0.0.1:5432/postgres');
  });
});
