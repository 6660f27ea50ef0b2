import type { ExternalCallContext, UpsertContext, UpsertResult } from '@concord/connector-kit';

import { queryAllRecords } from '../inbound/salesforce-query';
import { soqlIdList } from '../inbound/soql';
import type { SalesforceFields } from '../mappers/salesforce-field-mappings';
import type { SalesforceProductPayload } from '../mappers/salesforce-product.mapper';
import type { SalesforceClient } from '../salesforce/salesforce-client';
import { deleteById, updateById, upsertByConcordId, writeRecord } from './salesforce-upsert';

type Ctx = UpsertContext<SalesforceClient>;

/** The link part that keeps the standard price book entry's id. */
export const PRICE_ENTRY_PART = 'priceEntry';

const standardBooks = new WeakMap<SalesforceClient, Promise<string>>();

/** The standard price book's id, asked once per client. */
export function standardPriceBook(ctx: ExternalCallContext<SalesforceClient>): Promise<string> {
  let book = standardBooks.get(ctx.client);
  if (!book) {
    book = queryAllRecords(
      ctx,
      'standard-price-book',
      'SELECT Id FROM Pricebook2 WHERE IsStandard = true LIMIT 1',
    ).then(([record]) => {
      if (!record) throw new Error('the org has no standard price book');
      return record.Id;
    });
    standardBooks.set(ctx.client, book);
    book.catch(() => standardBooks.delete(ctx.client));
  }
  return book;
}

/** The product's entry in the standard price book, when it has one. */
async function findStandardEntry(ctx: Ctx, productId: string): Promise<string | null> {
  const [entry] = await queryAllRecords(
    ctx,
    'find-price-entry',
    `SELECT Id FROM PricebookEntry WHERE Pricebook2.IsStandard = true AND Product2Id IN ${soqlIdList([productId])} LIMIT 1`,
  );
  return entry?.Id ?? null;
}

/**
 * Product -> Product2 upserted by `Concord_Id__c`, then its standard price book entry: created
 * (upserted by the same catalog id) when the product has a price and no entry, updated when the
 * price changed, deactivated when the catalog removed the price. A known entry id is kept as the
 * link's `priceEntry` part; without it (a retry after a crash) the entry is looked up once.
 */
export async function upsertProduct(
  entityId: string,
  mapped: SalesforceProductPayload,
  ctx: Ctx,
): Promise<UpsertResult> {
  const product = await writeRecord(ctx, 'product', 'Product2', entityId, mapped.product);
  const linked =
    ctx.existing?.externalId === product.id ? ctx.existing.parts[PRICE_ENTRY_PART] : undefined;
  let entryId = linked ?? (product.created ? null : await findStandardEntry(ctx, product.id));
  const priceUnchanged = ctx.changedFields !== null && !ctx.changedFields.includes('unitPrice');
  if (entryId && !(linked && priceUnchanged)) {
    const fields: SalesforceFields =
      mapped.unitPrice === null
        ? { IsActive: false }
        : { UnitPrice: mapped.unitPrice, IsActive: true };
    await updateById(ctx, 'update-price-entry', 'PricebookEntry', entryId, fields);
  } else if (!entryId && mapped.unitPrice !== null) {
    const created = await upsertByConcordId(ctx, 'upsert-price-entry', 'PricebookEntry', entityId, {
      Pricebook2Id: await standardPriceBook(ctx),
      Product2Id: product.id,
      UnitPrice: mapped.unitPrice,
      IsActive: true,
    });
    entryId = created.id;
  }
  return {
    externalId: product.id,
    externalVersion: null,
    parts: entryId ? { [PRICE_ENTRY_PART]: entryId } : {},
  };
}

/** Deleting a Product2 deletes its price book entries with it. */
export function deleteProduct(externalId: string, ctx: Ctx): Promise<void> {
  return deleteById(ctx, 'Product2', externalId);
}
