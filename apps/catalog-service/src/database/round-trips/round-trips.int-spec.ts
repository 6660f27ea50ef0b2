import type { Customer } from '@concord/model';

import { startTestCatalog, type TestCatalog, type TestTenant } from '../../../test/test-catalog';

/**
 * What each REST write costs the database, counted at the pg driver and read from `/metrics` as
 * an operator would: `concord_db_round_trips_per_request` by route. BEGIN and COMMIT, the API-key
 * read and the Idempotency-Key row all count. The bounds are today's figures: a change that adds a
 * round trip to a write fails here.
 */
describe('database round trips per REST write', () => {
  let catalog: TestCatalog;
  let tenant: TestTenant;

  beforeAll(async () => {
    catalog = await startTestCatalog();
    tenant = await catalog.newTenant();
    // The key's first use also records when it was last used (then at most once a minute).
    expect((await tenant.client.get('/v1/customers')).status).toBe(200);
  });

  afterAll(async () => {
    await catalog?.close();
  });

  /** Sum and count of the histogram for one route, from the Prometheus text. */
  async function roundTrips(
    method: string,
    route: string,
  ): Promise<{ sum: number; count: number }> {
    const text = await (await fetch(`${catalog.url}/metrics`)).text();
    const labels = `method="${method}",route="${route}"`;
    const value = (series: string): number => {
      const line = text
        .split('\n')
        .find(
          (l) =>
            l.startsWith(`concord_db_round_trips_per_request_${series}{`) && l.includes(labels),
        );
      return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1));
    };
    return { sum: value('sum'), count: value('count') };
  }

  /** Round trips of the requests made by `write` on that route. */
  async function costOf(
    method: string,
    route: string,
    write: () => Promise<unknown>,
  ): Promise<number> {
    const before = await roundTrips(method, route);
    await write();
    const after = await roundTrips(method, route);
    expect(after.count).toBe(before.count + 1);
    return after.sum - before.sum;
  }

  it('counts each write, the API key and the idempotency row included, within today’s bounds', async () => {
    let customer!: Customer;
    const create = await costOf('POST', '/v1/customers', async () => {
      const created = await tenant.client.post<Customer>('/v1/customers', { name: 'Ada' });
      expect(created.status).toBe(201);
      customer = created.body;
    });
    const createWithKey = await costOf('POST', '/v1/customers', async () => {
      const created = await tenant.client.post<Customer>(
        '/v1/customers',
        { name: 'Bea' },
        { headers: { 'idempotency-key': 'round-trips-1' } },
      );
      expect(created.status).toBe(201);
    });
    const update = await costOf('PATCH', '/v1/customers/:id', async () => {
      const patched = await tenant.client.patch(
        `/v1/customers/${customer.id}`,
        { name: 'Ada L.' },
        { headers: { 'if-match': '"1"' } },
      );
      expect(patched.status).toBe(200);
    });
    const remove = await costOf('DELETE', '/v1/customers/:id', async () => {
      const deleted = await tenant.client.delete(`/v1/customers/${customer.id}`);
      expect(deleted.status).toBe(200);
    });
    const figures = { create, createWithKey, update, remove };
    process.stdout.write(`database round trips per REST write: ${JSON.stringify(figures)}\n`);
    // Today: the key read, BEGIN, the record, its outbox row, COMMIT; the Idempotency-Key row is
    // claimed and then given its response; an update or delete first locks the record.
    // (Issue 12's target is at most 4 for each.)
    expect(figures).toEqual({ create: 5, createWithKey: 7, update: 6, remove: 6 });
  });
});
