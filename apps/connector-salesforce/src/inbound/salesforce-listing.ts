import type { ExternalCallContext } from '@concord/connector-kit';
import type { EntityType } from '@concord/model';

import type { SalesforceRecord } from '../mappers/salesforce-record';
import { mapsPrimaryContact } from '../mappers/salesforce-settings';
import type { SalesforceClient } from '../salesforce/salesforce-client';
import { withPrimaryContacts } from './salesforce-account-contact-records';
import { accountWithContactFields, customerQueryShape, productFields } from './salesforce-fields';
import { withStandardEntries } from './salesforce-product-records';
import { queryRecords } from './salesforce-query';

type Ctx = ExternalCallContext<SalesforceClient>;

/** Records per page of a listing (`Sforce-Query-Options: batchSize`). */
const PAGE = 2000;
/** Products (Accounts) whose entries (Contacts) are fetched together. */
const RELATED_BATCH = 200;

/**
 * Every live record of a type for backfill and reconciliation, through `/query` and its
 * `nextRecordsUrl` pages; products with their standard price book entries, Accounts (under
 * `AccountWithContact`) with their primary Contacts. Invoices do not sync.
 */
export async function* listAllSalesforce(
  entityType: EntityType,
  ctx: Ctx,
): AsyncGenerator<unknown> {
  if (entityType === 'customer' && mapsPrimaryContact(ctx.connection)) {
    const soql = `SELECT ${accountWithContactFields(ctx.connection).account} FROM Account ORDER BY Id`;
    yield* inBatches(queryRecords(ctx, 'list-Account', soql, { batchSize: PAGE }), (accounts) =>
      withPrimaryContacts(ctx, accounts),
    );
    return;
  }
  if (entityType === 'customer') {
    const { sObject, fields } = customerQueryShape(ctx.connection);
    yield* queryRecords(ctx, `list-${sObject}`, `SELECT ${fields} FROM ${sObject} ORDER BY Id`, {
      batchSize: PAGE,
    });
    return;
  }
  if (entityType !== 'product') return;
  const soql = `SELECT ${productFields(ctx.connection)} FROM Product2 ORDER BY Id`;
  yield* inBatches(queryRecords(ctx, 'list-Product2', soql, { batchSize: PAGE }), (products) =>
    withStandardEntries(ctx, products),
  );
}

/** Records completed a batch at a time (one query per 200 records for their related records). */
async function* inBatches<T>(
  records: AsyncIterable<SalesforceRecord>,
  complete: (batch: SalesforceRecord[]) => Promise<T[]>,
): AsyncGenerator<T> {
  let batch: SalesforceRecord[] = [];
  for await (const record of records) {
    batch.push(record);
    if (batch.length >= RELATED_BATCH) {
      yield* await complete(batch);
      batch = [];
    }
  }
  if (batch.length > 0) yield* await complete(batch);
}
