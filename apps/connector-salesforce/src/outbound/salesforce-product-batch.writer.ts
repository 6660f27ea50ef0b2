import type { BatchItem, BatchItemResult, ExternalCallContext } from '@concord/connector-kit';
import { classifyError } from '@concord/errors';

import { queryAllRecords } from '../inbound/salesforce-query';
import { soqlIdList } from '../inbound/soql';
import type { SalesforceFields } from '../mappers/salesforce-field-mappings';
import type { SalesforceProductPayload } from '../mappers/salesforce-product.mapper';
import { CONCORD_ID_FIELD } from '../mappers/salesforce-settings';
import type { SalesforceClient } from '../salesforce/salesforce-client';
import { batchResultOf, recordWriteOf, writeSObjectBatch } from './salesforce-batch-records';
import { type RecordWrite, updateCollection, upsertCollection } from './salesforce-collections';
import { PRICE_ENTRY_PART, standardPriceBook } from './salesforce-product.writer';

type Ctx = ExternalCallContext<SalesforceClient>;
type ProductItem = BatchItem<'product', SalesforceProductPayload>;

/** A product written, and what its standard price book entry needs. */
interface EntryPlan {
  index: number;
  productId: string;
  entryId: string | null;
  /** The entry's fields to write, or null: it stays as it is. */
  fields: SalesforceFields | null;
}

/**
 * The standard entries of these products, by product id, in one query (products created by
 * this batch have none, and products whose link keeps the entry id need no look-up).
 */
async function standardEntriesOf(
  ctx: Ctx,
  productIds: readonly string[],
): Promise<Map<string, string>> {
  if (productIds.length === 0) return new Map();
  const entries = await queryAllRecords(
    ctx,
    'find-price-entries',
    `SELECT Id, Product2Id FROM PricebookEntry WHERE Pricebook2.IsStandard = true AND Product2Id IN ${soqlIdList(productIds)}`,
  );
  return new Map(entries.map((entry) => [String(entry['Product2Id']), entry.Id]));
}

/** The entry's fields after the catalog's change, or null when the linked entry needs nothing. */
function entryFields(item: ProductItem, linkedEntry: string | undefined): SalesforceFields | null {
  const mapped = item.mapped as SalesforceProductPayload;
  const priceUnchanged = item.changedFields !== null && !item.changedFields.includes('unitPrice');
  if (linkedEntry && priceUnchanged) return null;
  return mapped.unitPrice === null
    ? { IsActive: false }
    : { UnitPrice: mapped.unitPrice, IsActive: true };
}

/**
 * Products as the per-record writer writes them, a collection at a time: the Product2 records
 * (updated by id or upserted by `Concord_Id__c`), then their standard price book entries (one
 * query finds the entries of products whose link lost them; existing entries updated in one
 * collection, missing ones upserted by the same catalog id in another). A product whose entry
 * failed is reported with the entry's error: its retry writes both again, without duplicates.
 */
export async function writeProductBatch(
  items: readonly ProductItem[],
  ctx: Ctx,
): Promise<BatchItemResult[]> {
  const products = await writeSObjectBatch(
    ctx,
    'product',
    'Product2',
    items.map((item) => recordWriteOf(item, (item.mapped as SalesforceProductPayload).product)),
  );
  const results: BatchItemResult[] = products.map((write) => batchResultOf(write));
  const plans: EntryPlan[] = [];
  const unknownEntries: string[] = [];
  for (const [index, write] of products.entries()) {
    if (!write.ok) continue;
    const item = items[index] as ProductItem;
    const linkedEntry =
      item.existing?.externalId === write.id ? item.existing.parts[PRICE_ENTRY_PART] : undefined;
    if (!linkedEntry && !write.created) unknownEntries.push(write.id);
    plans.push({
      index,
      productId: write.id,
      entryId: linkedEntry ?? null,
      fields: entryFields(item, linkedEntry),
    });
  }
  try {
    const found = await standardEntriesOf(ctx, unknownEntries);
    for (const plan of plans) plan.entryId ??= found.get(plan.productId) ?? null;
    await writeEntries(ctx, items, plans, results);
  } catch (thrown) {
    const error = classifyError(thrown);
    for (const plan of plans) {
      results[plan.index] = batchResultOf({ ok: false, error });
    }
  }
  return results;
}

async function writeEntries(
  ctx: Ctx,
  items: readonly ProductItem[],
  plans: readonly EntryPlan[],
  results: BatchItemResult[],
): Promise<void> {
  const updates = plans.filter((plan) => plan.entryId !== null && plan.fields !== null);
  const creates = plans.filter(
    (plan) => plan.entryId === null && (items[plan.index]?.mapped?.unitPrice ?? null) !== null,
  );
  const updated = updates.length
    ? await updateCollection(
        ctx,
        'update-price-entry-collection',
        'PricebookEntry',
        updates.map((plan) => ({ ...plan.fields, Id: plan.entryId as string })),
      )
    : [];
  const book = creates.length ? await standardPriceBook(ctx) : null;
  const created = creates.length
    ? await upsertCollection(
        ctx,
        'upsert-price-entry-collection',
        'PricebookEntry',
        creates.map((plan) => {
          const item = items[plan.index] as ProductItem;
          return {
            [CONCORD_ID_FIELD]: item.entityId,
            Pricebook2Id: book,
            Product2Id: plan.productId,
            UnitPrice: item.mapped?.unitPrice ?? null,
            IsActive: true,
          };
        }),
      )
    : [];
  const entryWrites = new Map<number, RecordWrite>();
  updates.forEach((plan, i) => entryWrites.set(plan.index, updated[i] as RecordWrite));
  creates.forEach((plan, i) => entryWrites.set(plan.index, created[i] as RecordWrite));
  for (const plan of plans) {
    const entry = entryWrites.get(plan.index);
    if (entry && !entry.ok) {
      results[plan.index] = batchResultOf(entry);
      continue;
    }
    const entryId = entry?.ok ? entry.id : plan.entryId;
    results[plan.index] = batchResultOf(
      { ok: true, id: plan.productId, created: false },
      entryId ? { [PRICE_ENTRY_PART]: entryId } : {},
    );
  }
}
