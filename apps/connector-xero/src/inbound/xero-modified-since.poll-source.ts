import type { InboundChangeDraft, PollSource } from '@concord/connector-kit';
import type { EntityType } from '@concord/model';

import type { XeroConnectionClient } from '../xero/xero-client.factory';
import { fromXeroDate } from '../xero/xero-dates';
import { listXero } from './xero-listing';
import { draftOf } from './xero-records';

/**
 * A polled stream of one record type with `If-Modified-Since`: the cursor (kept durably by the
 * kit) is the newest `UpdatedDateUTC` seen; a null cursor starts now, reporting nothing old.
 * Items have no webhooks, so this is how their changes arrive; for contacts and invoices it is
 * the safety net behind webhooks.
 */
export function xeroModifiedSincePollSource(
  entityType: EntityType,
  now: () => Date = () => new Date(),
): PollSource<XeroConnectionClient> {
  return {
    stream: `xero-${entityType}-modified`,
    async poll(cursor, ctx) {
      if (cursor === null) return { changes: [], nextCursor: now().toISOString() };
      const since = new Date(cursor);
      const changes: InboundChangeDraft[] = [];
      let newest = since.getTime();
      for await (const record of listXero(entityType, ctx, since)) {
        const updated = fromXeroDate((record as { updatedDateUTC?: unknown }).updatedDateUTC);
        if (updated) newest = Math.max(newest, updated.getTime());
        changes.push(draftOf(entityType, record, ctx));
      }
      return { changes, nextCursor: new Date(newest).toISOString() };
    },
  };
}
