import type { UpsertContext, UpsertResult } from '@concord/connector-kit';
import type { Item } from 'xero-node';

import { derivedItemCode, type XeroItemPayload } from '../mappers/xero-item.mapper';
import type { XeroConnectionClient } from '../xero/xero-client.factory';
import { isoInstantOfXeroDate } from '../xero/xero-dates';
import { writtenRecord } from './xero-written-record';

/** The link part holding the Item's code (invoice lines name their Item by code). */
export const ITEM_CODE_PART = 'code';

/**
 * Products as Items: the code is the SKU (or one derived from the catalog id), PUT creates and
 * POST (by ItemID) updates with the Idempotency-Key and `summarizeErrors=false`; the code is kept
 * as the link's `code` part; deletes: `xero-batch-deletes.ts`.
 */
export const xeroItemWriter = {
  async upsert(
    entityId: string,
    mapped: XeroItemPayload,
    ctx: UpsertContext<XeroConnectionClient>,
  ): Promise<UpsertResult> {
    const { api, tenantId } = ctx.client;
    const code = mapped.code ?? derivedItemCode(entityId);
    const body = { ...mapped, code } as unknown as Item;
    const existing = ctx.existingExternalId;
    const item = existing
      ? await ctx.call('update-item', async (key) => {
          const { body: answer } = await api.updateOrCreateItems(
            tenantId,
            { items: [{ ...body, itemID: existing }] },
            false,
            undefined,
            key,
          );
          return writtenRecord(answer.items, 'item');
        })
      : await ctx.call('create-item', async (key) => {
          const { body: answer } = await api.createItems(
            tenantId,
            { items: [body] },
            false,
            undefined,
            key,
          );
          return writtenRecord(answer.items, 'item');
        });
    return {
      externalId: item.itemID ?? '',
      externalVersion: isoInstantOfXeroDate(item.updatedDateUTC),
      parts: { [ITEM_CODE_PART]: item.code ?? code },
    };
  },
};
