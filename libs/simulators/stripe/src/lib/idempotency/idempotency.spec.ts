import { SimulationClock } from '@concord/simulators/core';

import { inProcessClient } from '../../../test/in-process-stripe';
import { createStripeSimulator, StripeSimulator } from '../stripe-simulator';
import { IdempotencyStore, requestFingerprint } from './idempotency-store';

describe('IdempotencyStore', () => {
  it('claims, replays, refuses other parameters and in-flight reuse, and expires after 24 h', () => {
    const store = new IdempotencyStore();
    expect(store.claim('k', 'f1', 0)).toEqual({ kind: 'new' });
    expect(store.claim('k', 'f1', 1)).toEqual({ kind: 'in_flight' });
    store.complete('k', { status: 200, body: { id: 'cus_1' }, requestId: 'req_1' });
    expect(store.claim('k', 'f1', 2)).toEqual({
      kind: 'replay',
      result: { status: 200, body: { id: 'cus_1' }, requestId: 'req_1' },
    });
    expect(store.claim('k', 'f2', 3)).toEqual({ kind: 'mismatch' });
    expect(store.claim('k', 'f2', 24 * 60 * 60 * 1000)).toEqual({ kind: 'new' });
  });

  it('forgets a released claim but never a completed one', () => {
    const store = new IdempotencyStore();
    store.claim('k', 'f', 0);
    store.release('k');
    expect(store.claim('k', 'other', 0)).toEqual({ kind: 'new' });
    store.complete('k', { status: 200, body: {}, requestId: 'req_1' });
    store.release('k');
    expect(store.claim('k', 'other', 0).kind).toBe('replay');
  });

  it('fingerprints parameters independently of key order', () => {
    expect(requestFingerprint('POST', '/v1/x', { a: '1', b: { c: '2', d: '3' } })).toBe(
      requestFingerprint('POST', '/v1/x', { b: { d: '3', c: '2' }, a: '1' }),
    );
    expect(requestFingerprint('POST', '/v1/x', { a: '1' })).not.toBe(
      requestFingerprint('POST', '/v1/y', { a: '1' }),
    );
  });
});

describe('Idempotency-Key handling', () => {
  let now: number;
  let simulator: StripeSimulator;
  let call: ReturnType<typeof inProcessClient>;

  beforeEach(() => {
    now = 1_700_000_000_000;
    simulator = createStripeSimulator({ clock: new SimulationClock(() => now), seed: 1 });
    call = inProcessClient(simulator);
  });

  afterEach(() => simulator.close());

  const create = (name: string, key: string) =>
    call('POST', '/v1/customers', { name }, { 'idempotency-key': key });

  it('replays the first response for the same key and parameters', async () => {
    const first = await create('Ada', 'key-1');
    const replay = await create('Ada', 'key-1');
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual(first.body);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.headers['original-request']).toBe(first.headers['request-id']);
    expect(replay.headers['request-id']).not.toBe(first.headers['request-id']);
    expect((await call('GET', '/v1/customers')).body.data).toHaveLength(1);
  });

  it('refuses the same key with different parameters (idempotency_error)', async () => {
    await create('Ada', 'key-2');
    const reuse = await create('Grace', 'key-2');
    expect(reuse.status).toBe(400);
    expect(reuse.body.error.type).toBe('idempotency_error');
  });

  it('stores nothing for an injected fault, so the retry executes', async () => {
    simulator.control.faults.setRules([
      { path: '/v1/customers', method: 'POST', status: 500, count: 1 },
    ]);
    const failed = await create('Ada', 'key-3');
    expect(failed.status).toBe(500);
    expect(failed.body.error.type).toBe('api_error');
    const retried = await create('Ada', 'key-3');
    expect(retried.status).toBe(200);
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
    expect(retried.body.name).toBe('Ada');
  });

  it('stores nothing for a validation failure', async () => {
    const invalid = await call(
      'POST',
      '/v1/customers',
      { email: 'bad' },
      { 'idempotency-key': 'key-4' },
    );
    expect(invalid.status).toBe(400);
    const fixed = await call(
      'POST',
      '/v1/customers',
      { email: 'ok@example.com' },
      { 'idempotency-key': 'key-4' },
    );
    expect(fixed.status).toBe(200);
  });

  it('stores a 404 once execution started', async () => {
    const missing = await call(
      'POST',
      '/v1/customers/cus_none',
      { name: 'x' },
      { 'idempotency-key': 'key-5' },
    );
    expect(missing.status).toBe(404);
    const replay = await call(
      'POST',
      '/v1/customers/cus_none',
      { name: 'x' },
      { 'idempotency-key': 'key-5' },
    );
    expect(replay.headers['idempotent-replayed']).toBe('true');
  });

  it('expires keys after 24 hours of the simulation clock', async () => {
    const first = await create('Ada', 'key-6');
    simulator.control.clock.advance(24 * 60 * 60 * 1000);
    const later = await create('Ada', 'key-6');
    expect(later.body.id).not.toBe(first.body.id);
  });

  it('keeps keys per account', async () => {
    const first = await create('Ada', 'key-7');
    const other = inProcessClient(simulator, 'sk_test_other');
    const second = await other(
      'POST',
      '/v1/customers',
      { name: 'Ada' },
      { 'idempotency-key': 'key-7' },
    );
    expect(second.body.id).not.toBe(first.body.id);
  });

  it('ignores keys on GET requests', async () => {
    const list = await call('GET', '/v1/customers', {}, { 'idempotency-key': 'key-8' });
    expect(list.headers['idempotent-replayed']).toBeUndefined();
  });
});
