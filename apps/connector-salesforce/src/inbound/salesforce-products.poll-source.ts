import type { PollSource } from '@concord/connector-kit';

import { salesforceProductMapper } from '../mappers/salesforce-product.mapper';
import type { SalesforceRecord } from '../mappers/salesforce-record';
import type { SalesforceClient } from '../salesforce/salesforce-client';
import {
  advanceModstampCursor,
  alreadyReported,
  cursorAtNewest,
  formatModstampCursor,
  type ModstampCursor,
  parseModstampCursor,
} from './modstamp-cursor';
import { draftOf } from './salesforce-drafts';
import { ENTRY_FIELDS, productFields } from './salesforce-fields';
import { productsById, withStandardEntries } from './salesforce-product-records';
import { queryAllRecords } from './salesforce-query';
import { soqlDateTime } from './soql';

const NEWEST = 'ORDER BY SystemModstamp DESC, Id DESC LIMIT 1';

function later(a: ModstampCursor, b: ModstampCursor): ModstampCursor {
  return a.at >= b.at ? a : b;
}

/**
 * Products changed since the cursor: Product2 records, and standard price book entries (a price
 * changed in Salesforce touches only its entry), both on `SystemModstamp` through `queryAll`, so
 * deleted products come back as deletes. One cursor covers both objects.
 */
export const salesforceProductsPollSource: PollSource<SalesforceClient> = {
  stream: 'salesforce-products',
  async poll(cursorText, ctx) {
    const { connection } = ctx;
    if (!connection.settings.entityTypes.includes('product')) {
      return { changes: [], nextCursor: cursorText };
    }
    if (cursorText === null) {
      const [product] = await queryAllRecords(
        ctx,
        'poll-Product2',
        `SELECT Id, SystemModstamp FROM Product2 ${NEWEST}`,
        { includeDeleted: true },
      );
      const [entry] = await queryAllRecords(
        ctx,
        'poll-PricebookEntry',
        `SELECT Id, SystemModstamp FROM PricebookEntry WHERE Pricebook2.IsStandard = true ${NEWEST}`,
        { includeDeleted: true },
      );
      const start = later(cursorAtNewest(product), cursorAtNewest(entry));
      return { changes: [], nextCursor: formatModstampCursor(start) };
    }
    const cursor = parseModstampCursor(cursorText);
    const since = `SystemModstamp >= ${soqlDateTime(cursor.at)}`;
    const products = await queryAllRecords(
      ctx,
      'poll-Product2',
      `SELECT ${productFields(connection)} FROM Product2 WHERE ${since} ORDER BY SystemModstamp ASC, Id ASC`,
      { includeDeleted: true },
    );
    const entries = await queryAllRecords(
      ctx,
      'poll-PricebookEntry',
      `SELECT ${ENTRY_FIELDS.join(', ')} FROM PricebookEntry ` +
        `WHERE Pricebook2.IsStandard = true AND ${since} ORDER BY SystemModstamp ASC, Id ASC`,
      { includeDeleted: true },
    );
    const freshProducts = products.filter((p) => !alreadyReported(cursor, p));
    const freshEntries = entries.filter((e) => !alreadyReported(cursor, e));
    const entryByProduct = new Map<string, SalesforceRecord>();
    for (const entry of freshEntries) entryByProduct.set(String(entry['Product2Id']), entry);
    const listed = new Set(freshProducts.map((p) => p.Id));
    const priceOnly = [...entryByProduct.keys()].filter((id) => !listed.has(id));
    const changed = [...freshProducts, ...(await productsById(ctx, priceOnly))];
    const records = await withStandardEntries(ctx, changed, entryByProduct);
    const changes = records.map((record) =>
      draftOf(
        'product',
        salesforceProductMapper.toCanonical(record, { links: ctx.links, connection }),
      ),
    );
    const next = advanceModstampCursor(cursor, [...products, ...entries].sort(byStamp));
    return { changes, nextCursor: formatModstampCursor(next) };
  },
};

function byStamp(a: SalesforceRecord, b: SalesforceRecord): number {
  return String(a['SystemModstamp']).localeCompare(String(b['SystemModstamp']));
}
