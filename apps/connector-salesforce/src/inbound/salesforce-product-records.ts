import type { ExternalCallContext } from '@concord/connector-kit';

import type { SalesforceProductRecord } from '../mappers/salesforce-product.mapper';
import type { SalesforceRecord } from '../mappers/salesforce-record';
import type { SalesforceClient } from '../salesforce/salesforce-client';
import { ENTRY_FIELDS, productFields } from './salesforce-fields';
import { queryAllRecords } from './salesforce-query';
import { soqlIdList } from './soql';

type Ctx = ExternalCallContext<SalesforceClient>;

/** Ids per IN list: one query stays well under SOQL's length limit. */
const CHUNK = 200;

function chunks<T>(items: readonly T[]): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) result.push(items.slice(i, i + CHUNK));
  return result;
}

/** The standard price book entries of these products, by product id. */
export async function standardEntriesOf(
  ctx: Ctx,
  productIds: readonly string[],
): Promise<Map<string, SalesforceRecord>> {
  const entries = new Map<string, SalesforceRecord>();
  for (const ids of chunks(productIds)) {
    const records = await queryAllRecords(
      ctx,
      'query-PricebookEntry',
      `SELECT ${ENTRY_FIELDS.join(', ')} FROM PricebookEntry ` +
        `WHERE Pricebook2.IsStandard = true AND Product2Id IN ${soqlIdList(ids)}`,
    );
    for (const entry of records) entries.set(String(entry['Product2Id']), entry);
  }
  return entries;
}

/** Product2 records by id (deleted ones too). */
export async function productsById(ctx: Ctx, ids: readonly string[]): Promise<SalesforceRecord[]> {
  const products: SalesforceRecord[] = [];
  for (const chunk of chunks(ids)) {
    products.push(
      ...(await queryAllRecords(
        ctx,
        'query-Product2',
        `SELECT ${productFields(ctx.connection)} FROM Product2 WHERE Id IN ${soqlIdList(chunk)}`,
        { includeDeleted: true },
      )),
    );
  }
  return products;
}

/** Products paired with their standard entries (one query per 200 products). */
export async function withStandardEntries(
  ctx: Ctx,
  products: readonly SalesforceRecord[],
  known: ReadonlyMap<string, SalesforceRecord> = new Map(),
): Promise<SalesforceProductRecord[]> {
  const missing = products.filter((p) => !known.has(p.Id) && p['IsDeleted'] !== true);
  const fetched =
    missing.length > 0
      ? await standardEntriesOf(
          ctx,
          missing.map((p) => p.Id),
        )
      : new Map();
  return products.map((product) => {
    const entry = known.get(product.Id) ?? fetched.get(product.Id) ?? null;
    return { product, standardEntry: entry && entry['IsDeleted'] !== true ? entry : null };
  });
}
