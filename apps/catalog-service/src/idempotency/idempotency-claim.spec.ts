import { idempotencyRequestHash } from './idempotency-claim';

describe('idempotencyRequestHash', () => {
  it('is the same for the same request, whatever the order of its keys', () => {
    expect(idempotencyRequestHash('POST', '/v1/customers', { name: 'Ada', email: 'a@x.io' })).toBe(
      idempotencyRequestHash('POST', '/v1/customers', { email: 'a@x.io', name: 'Ada' }),
    );
    expect(idempotencyRequestHash('POST', '/v1/customers', { name: 'Ada' })).not.toBe(
      idempotencyRequestHash('POST', '/v1/customers', { name: 'Grace' }),
    );
  });

  it('does not throw on a body nested too deep to serialize, and matches no other request', () => {
    let deep: unknown = [];
    for (let depth = 0; depth < 200_000; depth += 1) deep = [deep];
    const body = { name: 'x', metadata: deep };
    const first = idempotencyRequestHash('POST', '/v1/customers', body);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(idempotencyRequestHash('POST', '/v1/customers', body)).not.toBe(first);
  });
});
