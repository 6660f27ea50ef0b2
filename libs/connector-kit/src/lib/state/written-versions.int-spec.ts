import { randomUUID } from 'node:crypto';

import { testRedisUrl } from '@concord/testing';
import { Redis } from 'ioredis';

import { RedisWrittenVersions } from './written-versions';

describe('RedisWrittenVersions against the real Redis', () => {
  const clients: Redis[] = [];
  const replica = (namespace: string): RedisWrittenVersions => {
    const client = new Redis(testRedisUrl(), { maxRetriesPerRequest: 1 });
    clients.push(client);
    return new RedisWrittenVersions(client, namespace);
  };

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.quit().catch(() => undefined)));
  });

  it('is shared by replicas and only ever moves up', async () => {
    const namespace = `test-${randomUUID()}`;
    const [a, b] = [replica(namespace), replica(namespace)];
    const record = 'tenant:conn:customer:c1';
    expect(await b.latest(record)).toBeNull();
    await a.advance(record, 3);
    expect(await b.latest(record)).toBe(3);
    await b.advance(record, 2);
    expect(await a.latest(record)).toBe(3);
    await Promise.all([a.advance(record, 7), b.advance(record, 5), a.advance(record, 6)]);
    expect(await b.latest(record)).toBe(7);
    expect(await replica(`test-${randomUUID()}`).latest(record)).toBeNull();
  });
});
