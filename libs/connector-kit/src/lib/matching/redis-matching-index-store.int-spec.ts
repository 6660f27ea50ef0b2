import { randomUUID } from 'node:crypto';

import { testRedisUrl } from '@concord/testing';
import { Redis } from 'ioredis';

import { keyField } from './matching-index-store';
import { RedisMatchingIndexStore } from './redis-matching-index-store';

describe('RedisMatchingIndexStore against the real Redis', () => {
  const clients: Redis[] = [];
  const replica = (namespace: string): RedisMatchingIndexStore => {
    const client = new Redis(testRedisUrl(), { maxRetriesPerRequest: 1 });
    clients.push(client);
    return new RedisMatchingIndexStore(client, namespace);
  };

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.quit().catch(() => undefined)));
  });

  it('answers only once built, shared by replicas, each external record claimed once', async () => {
    const namespace = `test-${randomUUID()}`;
    const [a, b] = [replica(namespace), replica(namespace)];
    const index = 't1:conn-1:customer:backfill-job-1';
    const byEmail = keyField('email', 'a@x.io');
    expect(await a.match(index, 'cat-1', [byEmail])).toEqual({ status: 'missing' });
    await a.load(index, [
      [byEmail, 'cus_a'],
      ['c:cat-9', 'cus_9'],
      ['x:cus_9', 'cat-9'],
    ]);
    expect(await b.status(index)).toBe('missing');
    await a.finish(index, 'ready');
    expect(await b.status(index)).toBe('ready');

    const answers = await Promise.all([
      a.match(index, 'cat-1', [byEmail]),
      b.match(index, 'cat-2', [byEmail]),
    ]);
    expect(
      answers.map((answer) => ('externalId' in answer ? answer.externalId : '?')).sort(),
    ).toEqual(['cus_a', null]);
    const winner = answers[0].status === 'ready' && answers[0].externalId ? 'cat-1' : 'cat-2';
    expect(await b.match(index, winner, [])).toEqual({ status: 'ready', externalId: 'cus_a' });
    expect(await a.match(index, 'cat-9', [])).toEqual({ status: 'ready', externalId: 'cus_9' });

    await b.claim(index, 'cat-3', 'cus_new');
    expect(await a.match(index, 'cat-3', [])).toEqual({ status: 'ready', externalId: 'cus_new' });
  });

  it('keeps only the verdict of a system too large to index, and no claim of an unbuilt one', async () => {
    const store = replica(`test-${randomUUID()}`);
    await store.load('big', [[keyField('email', 'a@x.io'), 'cus_a']]);
    await store.finish('big', 'too-large');
    expect(await store.match('big', 'cat-1', [keyField('email', 'a@x.io')])).toEqual({
      status: 'too-large',
    });
    await store.claim('unbuilt', 'cat-1', 'cus_1');
    expect(await store.status('unbuilt')).toBe('missing');
  });
});
