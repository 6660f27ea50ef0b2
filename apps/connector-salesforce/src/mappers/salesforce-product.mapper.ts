import { type EntityMapper, fieldMappingsOf } from '@concord/connector-kit';
import { ValidationError, ValidationErrorCode } from '@concord/errors';
import {
  fromMinorUnits,
  type InboundProductContent,
  type Money,
  type ProductContent,
  toMinorUnits,
} from '@concord/model';

import {
  mappedFieldsIn,
  mappedFieldsOut,
  remappedCanonicalFields,
  type SalesforceFields,
} from './salesforce-field-mappings';
import { isoTime, latestStamp, type SalesforceRecord, textOf } from './salesforce-record';
import { CONCORD_ID_FIELD, orgCurrencyOf } from './salesforce-settings';

/** What the outbound adapter writes for a product: Product2 fields and its standard price. */
export interface SalesforceProductPayload {
  product: SalesforceFields;
  /** The standard price book entry's UnitPrice (a decimal), or null: no active price. */
  unitPrice: number | null;
}

/** A Product2 with its entry in the standard price book (null when it has none). */
export interface SalesforceProductRecord {
  product: SalesforceRecord;
  standardEntry: SalesforceRecord | null;
}

function priceOut(unitPrice: Money | null, currency: string): number | null {
  if (unitPrice === null) return null;
  if (unitPrice.currency !== currency) {
    const message = `the org prices in ${currency}; the product's price is in ${unitPrice.currency}`;
    throw new ValidationError(ValidationErrorCode.REJECTED_BY_UPSTREAM, message, [
      { field: 'unitPrice.currency', message },
    ]);
  }
  return Number(fromMinorUnits(unitPrice.amount, currency));
}

function priceIn(entry: SalesforceRecord | null, currency: string): Money | null | undefined {
  if (entry === null || entry['IsActive'] !== true) return null;
  const value = entry['UnitPrice'];
  if (typeof value !== 'number') return null;
  try {
    return { amount: toMinorUnits(value, currency), currency };
  } catch {
    return undefined; // more decimals than the currency has: no canonical form, not reported
  }
}

/**
 * Product <-> Product2 (name, description, SKU as ProductCode, active) and its entry in the
 * standard price book (the unit price, in the org's currency `settings.currency`; no price =
 * an inactive entry). Field mappings move description/SKU to custom fields and write custom
 * `metadata.<key>` fields.
 */
export const salesforceProductMapper: EntityMapper<'product', SalesforceProductPayload> = {
  toExternal(content: ProductContent, { connection }) {
    const mappings = fieldMappingsOf(connection, 'product');
    const remapped = remappedCanonicalFields(mappings);
    const product: SalesforceFields = { Name: content.name, IsActive: content.active };
    if (!remapped.has('description')) product['Description'] = content.description;
    if (!remapped.has('sku')) product['ProductCode'] = content.sku;
    return {
      product: { ...product, ...mappedFieldsOut(content, mappings) },
      unitPrice: priceOut(content.unitPrice, orgCurrencyOf(connection)),
    };
  },

  toCanonical(external, { connection }) {
    const { product, standardEntry } = external as SalesforceProductRecord;
    const mappings = fieldMappingsOf(connection, 'product');
    const remapped = remappedCanonicalFields(mappings);
    const content: InboundProductContent = {
      name: (textOf(product, 'Name') ?? product.Id).slice(0, 200),
      active: product['IsActive'] === true,
    };
    if (!remapped.has('description')) content.description = textOf(product, 'Description');
    if (!remapped.has('sku')) content.sku = textOf(product, 'ProductCode')?.slice(0, 100) ?? null;
    const mapped = mappedFieldsIn(product, mappings);
    if ('description' in mapped) content.description = mapped['description'];
    if ('sku' in mapped) content.sku = mapped['sku']?.slice(0, 100) ?? null;
    const price = priceIn(standardEntry, orgCurrencyOf(connection));
    if (price !== undefined) content.unitPrice = price;
    const latest = latestStamp([product, standardEntry]);
    return {
      externalId: product.Id,
      deleted: product['IsDeleted'] === true,
      content,
      changedAt: isoTime(latest),
      externalVersion: latest,
      catalogId: textOf(product, CONCORD_ID_FIELD),
    };
  },
};
