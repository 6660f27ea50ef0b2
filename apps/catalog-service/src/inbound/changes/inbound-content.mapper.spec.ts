import type { Invoice } from '@concord/model';
import { aRecord } from '@concord/testing';
import type { EntityManager } from 'typeorm';

import type { IdentityLinkRepository } from '../identity-map/identity-link.repository';
import { InboundContentMapper } from './inbound-content.mapper';

const CUSTOMER_ID = '0b5f7a0e-58c5-4f57-9a7b-1c0d2e3f4a5b';
const PRODUCT_ID = '1c6e8b1f-69d6-4068-8b8c-2d1e3f4a5b6c';
const manager = {} as EntityManager;

/** An identity map that knows cus_1 and prod_1 (a stub: the real one is in the int-specs). */
const links = {
  entityIdsOf: async (_m: EntityManager, key: { entityType: string }, ids: readonly string[]) =>
    new Map(
      ids.flatMap((id): Array<[string, string]> =>
        key.entityType === 'customer' && id === 'cus_1'
          ? [[id, CUSTOMER_ID]]
          : key.entityType === 'product' && id === 'prod_1'
            ? [[id, PRODUCT_ID]]
            : [],
      ),
    ),
} as unknown as IdentityLinkRepository;

const mapper = new InboundContentMapper(links);
const key = { tenantId: 'acme', system: 'stripe' };
const line = {
  productExternalId: 'prod_1',
  description: 'Seat',
  quantity: 2,
  unitAmount: 500,
  amount: 999,
};

describe('InboundContentMapper', () => {
  it('resolves an invoice customer and products through the identity map, recomputing amounts', async () => {
    const canonical = await mapper.toCanonical(
      manager,
      { ...key, entityType: 'invoice' },
      { customerExternalId: 'cus_1', status: 'open', lines: [line], subtotal: 1, total: 1 },
      null,
    );
    expect(canonical).toEqual({
      customerId: CUSTOMER_ID,
      status: 'open',
      lines: [
        expect.objectContaining({
          productId: PRODUCT_ID,
          quantity: 2,
          unitAmount: 500,
          amount: 1000,
        }),
      ],
    });
  });

  it('keeps the current line ids by position', async () => {
    const current = aRecord('invoice', {}) as Invoice;
    const canonical = await mapper.toCanonical(
      manager,
      { ...key, entityType: 'invoice' },
      { lines: [line] },
      current,
    );
    expect((canonical.lines as Array<{ id: string }>)[0].id).toBe(
      current.lines[0]?.id ?? expect.any(String),
    );
  });

  it('asks for a retry while a referenced customer or product is not linked', async () => {
    await expect(
      mapper.toCanonical(
        manager,
        { ...key, entityType: 'invoice' },
        { customerExternalId: 'cus_2' },
        null,
      ),
    ).rejects.toMatchObject({ code: 'DEPENDENCY_NOT_READY', retryable: true });
    await expect(
      mapper.toCanonical(
        manager,
        { ...key, entityType: 'invoice' },
        { lines: [{ ...line, productExternalId: 'prod_9' }] },
        null,
      ),
    ).rejects.toMatchObject({ code: 'DEPENDENCY_NOT_READY' });
  });

  it('completes a new record with defaults, and refuses one without its required fields', () => {
    expect(mapper.complete('customer', { name: 'Ada' })).toEqual({
      name: 'Ada',
      email: null,
      phone: null,
      address: null,
      currency: null,
      metadata: {},
    });
    expect(() => mapper.complete('customer', { email: 'a@example.com' })).toThrow(
      expect.objectContaining({
        code: 'INVALID_MESSAGE',
        fields: [expect.objectContaining({ field: 'data.content.name' })],
      }),
    );
    expect(() => mapper.complete('invoice', { number: 'X' })).toThrow(/customerId/);
  });

  it('compares invoice lines without their Concord ids', () => {
    const same = mapper.sameValue('invoice');
    expect(same('lines', [{ id: 'a', quantity: 1 }], [{ id: 'b', quantity: 1 }])).toBe(true);
    expect(same('lines', [{ id: 'a', quantity: 1 }], [{ id: 'a', quantity: 2 }])).toBe(false);
    expect(mapper.sameValue('customer')('name', 'Ada', 'Ada')).toBe(true);
  });
});
