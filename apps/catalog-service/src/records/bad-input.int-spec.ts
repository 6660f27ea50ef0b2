import { toErrorResponse } from '@concord/observability';

import { type ErrorBody, fieldsOf } from '../../test/catalog-client';
import { startTestCatalog, type TestCatalog, type TestTenant } from '../../test/test-catalog';

/** Client input the store or the external systems cannot take is a 400 naming it, never a 500. */
describe('bad input against PostgreSQL', () => {
  let catalog: TestCatalog;
  let tenant: TestTenant;

  beforeAll(async () => {
    catalog = await startTestCatalog();
    tenant = await catalog.newTenant();
  });

  afterAll(async () => {
    await catalog?.close();
  });

  describe('control characters', () => {
    it.each([
      ['NUL in a name', { name: 'Ada\u0000Lovelace' }, 'name'],
      [
        'ESC in an address line',
        { name: 'Ada', address: { line1: 'x\u001b', country: 'GB' } },
        'address.line1',
      ],
      ['NUL in a metadata value', { name: 'Ada', metadata: { note: 'a\u0000' } }, 'metadata.note'],
      ['BEL in a metadata key', { name: 'Ada', metadata: { 'n\u0007': 'a' } }, 'metadata.n\\u0007'],
    ])('refuses %s with a 400 naming the field, and writes nothing', async (_, body, field) => {
      const before = await catalog.db.query('SELECT count(*)::int AS n FROM customers');
      const response = await tenant.client.post<ErrorBody>('/v1/customers', body);
      expect(response.status).toBe(400);
      expect(fieldsOf(response)).toEqual([field]);
      expect(response.body.error.details?.fields?.[0]?.message).toContain('control characters');
      const after = await catalog.db.query('SELECT count(*)::int AS n FROM customers');
      expect(after.rows[0].n).toBe(before.rows[0].n);
    });

    it('refuses a NUL in a query parameter and in a record update', async () => {
      const list = await tenant.client.get('/v1/customers?email=a%00b%40example.com');
      expect(list.status).toBe(400);
      expect(fieldsOf(list)).toEqual(['email']);

      const created = await tenant.client.post<{ id: string }>('/v1/customers', { name: 'Ada' });
      const patched = await tenant.client.patch(
        `/v1/customers/${created.body.id}`,
        { phone: '+44\u0000' },
        { headers: { 'if-match': '"1"' } },
      );
      expect(patched.status).toBe(400);
      expect(fieldsOf(patched)).toEqual(['phone']);
    });

    it('keeps tab, line feed and carriage return: addresses are multi-line', async () => {
      const address = { line1: 'Flat 2\r\nThe Mews', line2: 'Back\tdoor', country: 'GB' };
      const created = await tenant.client.post<{ address: unknown }>('/v1/customers', {
        name: 'Ada',
        address,
      });
      expect(created.status).toBe(201);
      expect(created.body.address).toMatchObject(address);
    });
  });

  describe('nesting depth', () => {
    async function postRaw(path: string, body: string) {
      const response = await fetch(`${catalog.url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tenant.key}`, 'content-type': 'application/json' },
        body,
      });
      return { status: response.status, body: (await response.json()) as ErrorBody };
    }

    it('refuses JSON nested 100,000 levels deep with a 400 naming the field and the limit', async () => {
      const deep = `${'['.repeat(100_000)}1${']'.repeat(100_000)}`;
      const response = await postRaw('/v1/customers', `{"name":"Ada","metadata":${deep}}`);
      expect(response.status).toBe(400);
      expect(response.body.error.details?.fields).toEqual([
        { field: 'metadata', message: 'must not nest objects or arrays more than 32 levels deep' },
      ]);
    });

    it('refuses deep objects inside an otherwise valid invoice', async () => {
      const deep = `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`;
      const response = await postRaw('/v1/invoices', `{"number":"INV-1","lines":[${deep}]}`);
      expect(response.status).toBe(400);
      expect(response.body.error.details?.fields?.map((f) => f.field)).toEqual(['lines']);
    });
  });

  describe('array lengths', () => {
    it('refuses an array of 100,000 items inside the body limit with a 400 naming the limit', async () => {
      const keys = Array.from({ length: 100_000 }, () => 'email');
      const response = await tenant.client.request<ErrorBody>('PUT', '/v1/integrations/stripe', {
        body: { enabled: false, matchingKeys: { customer: keys } },
      });
      expect(response.status).toBe(400);
      expect(response.body.error.details?.fields).toEqual([
        {
          field: 'matchingKeys.customer',
          message: 'must have at most 1000 items (has 100000)',
        },
      ]);
    });

    it('holds every array field of the integration settings to its own limit', async () => {
      const response = await tenant.client.request<ErrorBody>('PUT', '/v1/integrations/stripe', {
        body: {
          entityTypes: ['customer', 'product', 'invoice', 'customer'],
          matchingKeys: { product: ['sku', 'name', 'sku'], invoice: ['number', 'number'] },
        },
      });
      expect(response.status).toBe(400);
      const messages = Object.fromEntries(
        (response.body.error.details?.fields ?? []).map((f) => [f.field, f.message]),
      );
      expect(messages).toEqual({
        entityTypes: expect.stringContaining('must contain no more than 3 elements'),
        'matchingKeys.product': expect.stringContaining('must contain no more than 2 elements'),
        'matchingKeys.invoice': expect.stringContaining('must contain no more than 1 elements'),
      });
    });
  });

  describe('concurrent writes', () => {
    it('serialises concurrent PUTs of one integration: one creates, the others replace', async () => {
      const systems = ['race-a', 'race-b', 'race-c', 'race-d', 'race-e'];
      const answers = await Promise.all(
        systems.flatMap((system) =>
          [true, false, true].map((enabled) =>
            tenant.client
              .request<{ version: number }>('PUT', `/v1/integrations/${system}`, {
                body: { enabled, direction: 'inbound' },
              })
              .then((response) => ({ system, status: response.status, body: response.body })),
          ),
        ),
      );
      for (const system of systems) {
        const mine = answers.filter((answer) => answer.system === system);
        expect(mine.map((answer) => answer.status).sort()).toEqual([200, 200, 201]);
        expect(mine.map((answer) => answer.body.version).sort()).toEqual([1, 2, 3]);
      }
      const { rows } = await catalog.db.query(
        `SELECT system, version FROM integration_connections WHERE tenant_id = $1
         AND system LIKE 'race-%' ORDER BY system`,
        [tenant.tenantId],
      );
      expect(rows).toEqual(systems.map((system) => ({ system, version: 3 })));
    });
  });

  describe('database errors', () => {
    async function failureOf(sql: string, params: unknown[]): Promise<unknown> {
      return catalog.db.query(sql, params).then(
        () => undefined,
        (error: unknown) => error,
      );
    }

    it('answers what PostgreSQL itself refuses: data errors 400, duplicates 409, faults 500', async () => {
      const nul = await failureOf('SELECT $1::text', ['a\u0000b']);
      const notANumber = await failureOf('SELECT $1::int', ['twelve']);
      const duplicate = await failureOf(`INSERT INTO tenants (id, name) VALUES ($1, 'again')`, [
        tenant.tenantId,
      ]);
      const missingTable = await failureOf('SELECT * FROM no_such_table', []);
      expect(
        [nul, notANumber, duplicate, missingTable].map((e) => toErrorResponse(e).status),
      ).toEqual([400, 400, 409, 500]);
      expect(JSON.stringify(toErrorResponse(notANumber))).not.toContain('twelve');
    });
  });
});
