import type { ExternalCallContext } from '@concord/connector-kit';
import type { EntityType } from '@concord/model';

import type { SalesforceRecord } from '../mappers/salesforce-record';
import type { SalesforceClient } from '../salesforce/salesforce-client';
import { customerQueryShape, productFields } from './salesforce-fields';
import { withStandardEntries } from './salesforce-product-records';
import { queryRecords } from './salesforce-query';

type Ctx = ExternalCallContext<SalesforceClient>;

/** Records per page of a listing (`Sforce-Query-Options: batchSize`). */
const PAGE = 2000;
/** Products whose entries are fetched together. */
const PRODUCT_BATCH = 200;

/**
 * Every live record of a type for backfill and reconciliation, through `/query` and its
 * `nextRecordsUrl` pages; products with their standard price book entries. Invoices do not sync.
 */
export async function* listAllSalesforce(
  entityType: EntityType,
  ctx: Ctx,
): AsyncGenerator<unknown> {
  if (entityType === 'customer') {
    const { sObject, fields } = customerQueryShape(ctx.connection);
    yield* queryRecords(ctx, `list-${sObject}`, `SELECT ${fields} FROM ${sObject} ORDER BY Id`, {
      batchSize: PAGE,
    });
    return;
  }
  if (entityType !== 'product') return;
  let batch: SalesforceRecord[] = [];
  const soql = `SELECT ${productFields(ctx.connection)} FROM Product2 ORDER BY Id`;
  for await (const product of queryRecords(ctx, 'list-Product2', soql, { batchSize: PAGE })) {
    batch.push(product);
    if (batch.length >= PRODUCT_BATCH) {
      yield* await withStandardEntries(ctx, batch);
      batch = [];
    }
  }
  if (batch.length > 0) yield* await withStandardEntries(ctx, batch);
}
