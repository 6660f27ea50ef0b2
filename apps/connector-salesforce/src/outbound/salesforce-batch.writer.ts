import type {
  BatchItem,
  BatchItemResult,
  BatchWriter,
  ExternalCallContext,
} from '@concord/connector-kit';

import type { SalesforceCustomerPayload } from '../mappers/salesforce-customer.mapper';
import type { SalesforceClient } from '../salesforce/salesforce-client';
import { writeAccountsWithContacts } from './salesforce-account-contact.writer';
import { batchResultOf, recordWriteOf, writeSObjectBatch } from './salesforce-batch-records';
import { COLLECTION_LIMIT, deleteCollection, type RecordWrite } from './salesforce-collections';
import type { SalesforceMapped } from './salesforce-outbound.adapter';
import { writeProductBatch } from './salesforce-product-batch.writer';

type Ctx = ExternalCallContext<SalesforceClient>;

async function writeCustomerBatch(
  items: ReadonlyArray<BatchItem<'customer', SalesforceCustomerPayload>>,
  ctx: Ctx,
): Promise<BatchItemResult[]> {
  const results: BatchItemResult[] = new Array(items.length);
  // Every customer of a connection maps alike; grouped anyway, each mapping its own calls.
  const bySObject = new Map<string, number[]>();
  const withContacts: number[] = [];
  for (const [index, item] of items.entries()) {
    const mapped = item.mapped as SalesforceCustomerPayload;
    if (mapped.contact) withContacts.push(index);
    else bySObject.set(mapped.sObject, [...(bySObject.get(mapped.sObject) ?? []), index]);
  }
  if (withContacts.length > 0) {
    const written = await writeAccountsWithContacts(
      withContacts.map((index) => items[index] as BatchItem<'customer', SalesforceCustomerPayload>),
      ctx,
    );
    withContacts.forEach((index, i) => (results[index] = written[i] as BatchItemResult));
  }
  for (const [sObject, indexes] of bySObject) {
    const writes = await writeSObjectBatch(
      ctx,
      'customer',
      sObject,
      indexes.map((index) => {
        const item = items[index] as BatchItem<'customer', SalesforceCustomerPayload>;
        return recordWriteOf(item, (item.mapped as SalesforceCustomerPayload).fields);
      }),
    );
    for (const [i, index] of indexes.entries()) {
      results[index] = batchResultOf(writes[i] as RecordWrite);
    }
  }
  return results;
}

/**
 * Customers and products in sObject Collections of up to 200 records a call (`allOrNone: false`,
 * a result per record), upserted by `Concord_Id__c`, deleted by id. A collection call is one API call of the
 * daily allocation, whatever it holds. Partial calls wait a moment for the records other
 * partitions bring (`lingerMs`): an upsert by external id needs no idempotency key.
 */
export function salesforceBatchWriter(): BatchWriter<SalesforceClient, SalesforceMapped> {
  return {
    maxBatchSize: { customer: COLLECTION_LIMIT, product: COLLECTION_LIMIT },
    operations: ['upsert', 'delete'],
    tokensPerCall: 1,
    lingerMs: { live: 300, backfill: 2_000 },
    writeBatch: async (batch, ctx) => {
      if (batch.operation === 'delete') {
        // Any object by id; a Product2's delete takes its price book entries with it, an
        // Account's its Contacts (the primary one of `AccountWithContact` among them).
        const ids = batch.items.map((item) => item.existing?.externalId ?? '');
        const writes = await deleteCollection(ctx, `delete-${batch.entityType}-collection`, ids);
        return writes.map((write) => batchResultOf(write));
      }
      if (batch.entityType === 'customer') {
        return writeCustomerBatch(
          batch.items as ReadonlyArray<BatchItem<'customer', SalesforceCustomerPayload>>,
          ctx,
        );
      }
      if (batch.entityType === 'product') {
        return writeProductBatch(batch.items as never, ctx);
      }
      throw new Error(`Salesforce has no batch for ${batch.entityType}`);
    },
  };
}
