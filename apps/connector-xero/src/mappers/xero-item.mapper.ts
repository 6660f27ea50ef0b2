import type { EntityMapper } from '@concord/connector-kit';
import type { InboundProductContent, ProductContent } from '@concord/model';

import { fromXeroAmount, toXeroAmount } from '../xero/xero-amounts';
import { isoInstantOfXeroDate } from '../xero/xero-dates';
import { xeroLineDefaults } from '../xero/xero-settings';

/** Xero limits an Item's Code to 30 characters and its Name to 50. */
export const ITEM_CODE_MAX = 30;
export const ITEM_NAME_MAX = 50;

/** An Item as xero-node sends and reads it. */
export interface XeroItemPayload {
  itemID?: string;
  /** The product's SKU; null when it has none (the adapter then derives one from its id). */
  code: string | null;
  name: string;
  description: string;
  isSold: boolean;
  salesDetails?: { unitPrice?: number; accountCode?: string; taxType?: string };
  updatedDateUTC?: unknown;
}

/** The Item code of a product without a SKU: `CONCORD-` and the first 22 hex digits of its id. */
export function derivedItemCode(entityId: string): string {
  return `CONCORD-${entityId.replace(/-/g, '').slice(0, ITEM_CODE_MAX - 8)}`.toUpperCase();
}

/**
 * Product <-> Item: the Item Code is the SKU, the name (Xero keeps 50 characters), the description,
 * `IsSold` for active, and the unit price as the sales price on the connection's account and tax
 * type. Xero item prices carry no currency: the price is reported back only when the connection
 * names the organisation's currency (`settings.currency`).
 */
export const xeroItemMapper: EntityMapper<'product', XeroItemPayload> = {
  toExternal(content: ProductContent, { connection }): XeroItemPayload {
    const defaults = xeroLineDefaults(connection);
    return {
      code: content.sku ? content.sku.slice(0, ITEM_CODE_MAX) : null,
      name: content.name.slice(0, ITEM_NAME_MAX),
      description: content.description ?? '',
      isSold: content.active,
      salesDetails: {
        ...(content.unitPrice
          ? { unitPrice: toXeroAmount(content.unitPrice.amount, content.unitPrice.currency) }
          : {}),
        accountCode: defaults.accountCode,
        taxType: defaults.taxType,
      },
    };
  },

  toCanonical(external, { connection }) {
    const item = external as XeroItemPayload;
    const externalId = item.itemID ?? '';
    const changedAt = isoInstantOfXeroDate(item.updatedDateUTC);
    const content: InboundProductContent = {
      name: item.name || item.code || externalId,
      description: item.description ? item.description : null,
      sku: item.code ? item.code : null,
      active: item.isSold !== false,
    };
    const currency = xeroLineDefaults(connection).itemCurrency;
    const price = item.salesDetails?.unitPrice;
    if (currency && typeof price === 'number') {
      content.unitPrice = { amount: fromXeroAmount(price, currency), currency };
    }
    return { externalId, deleted: false, content, changedAt, externalVersion: changedAt };
  },
};
