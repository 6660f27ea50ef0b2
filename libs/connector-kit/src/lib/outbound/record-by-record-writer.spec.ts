import { AuthError, RetryableError, ValidationError } from '@concord/errors';
import { contentOf, type EntityType } from '@concord/model';
import { aCustomer } from '@concord/testing';

import type { BatchItem, WriteBatch } from '../definition/batch-writer';
import { silentKitLogger } from '../definition/kit-logger';
import type {
  ExternalCallContext,
  OutboundAdapter,
  UpsertContext,
} from '../definition/outbound-adapter';
import type { ResolvedConnection } from '../definition/resolved-connection';
import { batchSizeFor, writeRecordByRecord } from './record-by-record-writer';

type Mapped = Record<EntityType, { name: string }>;

function item(
  name: string,
  existing: string | null = null,
): BatchItem<'customer', { name: string }> {
  const customer = aCustomer({ name });
  return {
    entityId: customer.id,
    mapped: { name },
    content: contentOf('customer', customer),
    existing: existing === null ? null : { externalId: existing, parts: { tax: `tax_${name}` } },
    idempotencyKey: `concord-event-${name}`,
    changedFields: ['name'],
    catalogChangedAt: customer.updatedAt,
  };
}

function recordingAdapter(failures: Record<string, Error> = {}) {
  const calls: Array<{
    op: string;
    entityId?: string;
    externalId?: string;
    ctx: UpsertContext<string>;
  }> = [];
  const outbound: Pick<OutboundAdapter<string, Mapped>, 'upsert' | 'delete'> = {
    upsert: async (_type, entityId, mapped, ctx) => {
      calls.push({ op: 'upsert', entityId, ctx });
      const failure = failures[mapped.name];
      if (failure) throw failure;
      return { externalId: ctx.existingExternalId ?? `cus_${mapped.name}`, externalVersion: 'v1' };
    },
    delete: async (_type, externalId, ctx) => {
      calls.push({ op: 'delete', externalId, ctx });
    },
  };
  return { calls, outbound };
}

const contexts: string[] = [];
function contextFor(
  batchItem: BatchItem<'customer', { name: string }>,
): ExternalCallContext<string> {
  contexts.push(batchItem.idempotencyKey);
  return {
    client: 'client',
    connection: {} as ResolvedConnection,
    links: { externalId: () => null, entityId: () => null },
    lane: 'live',
    log: silentKitLogger,
    call: (_step, request) => request(batchItem.idempotencyKey),
  } as ExternalCallContext<string>;
}

const upserts = (
  items: Array<BatchItem<'customer', { name: string }>>,
): WriteBatch<'customer', { name: string }> => ({
  entityType: 'customer',
  operation: 'upsert',
  items,
});

describe('writeRecordByRecord (a connector without a bulk endpoint)', () => {
  beforeEach(() => contexts.splice(0));

  it('writes each item through upsert, in order, with its own key, link and changed fields', async () => {
    const { calls, outbound } = recordingAdapter();
    const items = [item('a'), item('b', 'cus_existing')];

    const results = await writeRecordByRecord(outbound, upserts(items), contextFor);

    expect(results).toEqual([
      { status: 'written', externalId: 'cus_a', externalVersion: 'v1' },
      { status: 'written', externalId: 'cus_existing', externalVersion: 'v1' },
    ]);
    expect(calls.map((c) => c.entityId)).toEqual([items[0]?.entityId, items[1]?.entityId]);
    expect(contexts).toEqual(['concord-event-a', 'concord-event-b']);
    expect(calls[1]?.ctx).toMatchObject({
      idempotencyKey: 'concord-event-b',
      existingExternalId: 'cus_existing',
      existing: { externalId: 'cus_existing', parts: { tax: 'tax_b' } },
      changedFields: ['name'],
      catalogChangedAt: items[1]?.catalogChangedAt,
      content: items[1]?.content,
    });
  });

  it('turns what one record throws into its own result and goes on with the others', async () => {
    const { calls, outbound } = recordingAdapter({
      b: new RetryableError('UPSTREAM_UNAVAILABLE', 'Stripe answered 503'),
      c: new ValidationError('INVALID_EMAIL', 'Stripe refused the email'),
      d: new Error('a bug'),
    });

    const results = await writeRecordByRecord(
      outbound,
      upserts([item('a'), item('b'), item('c'), item('d'), item('e')]),
      contextFor,
    );

    expect(results.map((r) => r.status)).toEqual([
      'written',
      'retryable',
      'permanent',
      'retryable',
      'written',
    ]);
    expect(results[1]).toMatchObject({ error: { code: 'UPSTREAM_UNAVAILABLE' } });
    expect(results[2]).toMatchObject({ error: { code: 'INVALID_EMAIL', category: 'validation' } });
    expect(results[3]).toMatchObject({ error: { code: 'UNEXPECTED' } });
    expect(calls).toHaveLength(5);
  });

  it('stops calling after the credentials are refused: the rest fail with the same reason', async () => {
    const refused = new AuthError('INVALID_CREDENTIALS', 'key revoked');
    const { calls, outbound } = recordingAdapter({ b: refused });

    const results = await writeRecordByRecord(
      outbound,
      upserts([item('a'), item('b'), item('c')]),
      contextFor,
    );

    expect(results).toEqual([
      expect.objectContaining({ status: 'written' }),
      { status: 'permanent', error: refused },
      { status: 'permanent', error: refused },
    ]);
    expect(calls).toHaveLength(2);
  });

  it('deletes each linked record and reports its external id written', async () => {
    const { calls, outbound } = recordingAdapter();
    const batch: WriteBatch<'customer', { name: string }> = {
      entityType: 'customer',
      operation: 'delete',
      items: [{ ...item('a', 'cus_a'), mapped: null }],
    };

    const results = await writeRecordByRecord(outbound, batch, contextFor);

    expect(results).toEqual([{ status: 'written', externalId: 'cus_a', externalVersion: null }]);
    expect(calls).toEqual([
      expect.objectContaining({
        op: 'delete',
        externalId: 'cus_a',
        ctx: expect.objectContaining({ idempotencyKey: 'concord-event-a' }),
      }),
    ]);
  });
});

describe('batchSizeFor', () => {
  it('is the declared size per entity type, and 1 without a bulk endpoint', () => {
    const batch = { maxBatchSize: { customer: 200, product: 0 }, writeBatch: jest.fn() };
    expect(batchSizeFor(batch, 'customer')).toBe(200);
    expect(batchSizeFor(batch, 'product')).toBe(1);
    expect(batchSizeFor(batch, 'invoice')).toBe(1);
    expect(batchSizeFor(undefined, 'customer')).toBe(1);
  });
});
