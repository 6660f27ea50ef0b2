import type { EntityType } from '@concord/model';

import { CONCORD_CALL_CLIENT } from '../salesforce/salesforce-client';

/** The header Change Data Capture puts on every change event. */
export interface ChangeEventHeader {
  entityName: string;
  recordIds: string[];
  /** CREATE, UPDATE, DELETE, UNDELETE, or a GAP_ variant of them (the change must be read). */
  changeType: string;
  /** `com/salesforce/api/rest/62.0;client=<Sforce-Call-Options client>` for API writes. */
  changeOrigin: string;
  changedFields: string[];
  /** Epoch milliseconds. */
  commitTimestamp: number;
}

/** A change event as a CometD subscriber receives it (the message's `data`). */
export interface SalesforceChangeEvent {
  schema?: string;
  payload: { ChangeEventHeader: ChangeEventHeader } & Record<string, unknown>;
  event: { replayId: number };
}

/** One channel carries every object's events, so one replay id resumes them all. */
export const CHANGE_EVENTS_CHANNEL = '/data/ChangeEvents';

/** True when Concord's connector made the change (its `Sforce-Call-Options` client). */
export function isConcordChange(event: SalesforceChangeEvent): boolean {
  const origin = event.payload.ChangeEventHeader.changeOrigin ?? '';
  return origin.split(';').some((part) => part.trim() === `client=${CONCORD_CALL_CLIENT}`);
}

/** A record an event batch deleted. */
export interface DeletedRecord {
  entityType: EntityType;
  externalId: string;
  /** ISO time of the commit. */
  deletedAt: string;
}

/** What a batch of change events asks to read: ids per object, and the deletes as they stand. */
export interface ChangeEventReads {
  /** Customer records (the connection's customer object) to read afresh. */
  customers: string[];
  /** Product2 records to read afresh. */
  products: string[];
  /** Standard price book entries to read (their product is then read). */
  entries: string[];
  /** Contacts whose Account to read (`AccountWithContact`), deleted ones included. */
  contacts: string[];
  deletes: DeletedRecord[];
}

/**
 * Sorts a batch of change events (in replay order) into the reads it needs: every record that
 * was created, updated, undeleted or reported by a gap event is read once, whatever number of
 * events named it; a record deleted last is a delete and is not read. Events of objects the
 * connection does not sync are ignored. With `contactsOfAccounts` (customers are Accounts plus
 * their primary Contacts) every changed Contact, deleted or not, is read for its Account.
 */
export function planChangeEventReads(
  events: readonly SalesforceChangeEvent[],
  customerObject: string,
  contactsOfAccounts = false,
): ChangeEventReads {
  const last = new Map<string, { object: string; deleted: boolean; at: number }>();
  for (const event of events) {
    const header = event.payload.ChangeEventHeader;
    const type = header.changeType.replace(/^GAP_/, '');
    if (type === 'OVERFLOW') continue;
    for (const id of header.recordIds) {
      last.set(id, {
        object: header.entityName,
        deleted: type === 'DELETE',
        at: header.commitTimestamp,
      });
    }
  }
  const reads: ChangeEventReads = {
    customers: [],
    products: [],
    entries: [],
    contacts: [],
    deletes: [],
  };
  for (const [id, change] of last) {
    if (contactsOfAccounts && change.object === 'Contact') {
      reads.contacts.push(id);
      continue;
    }
    const entityType =
      change.object === customerObject
        ? 'customer'
        : change.object === 'Product2'
          ? 'product'
          : null;
    if (change.deleted) {
      // A deleted price book entry leaves its product: the next poll or reconciliation reads it.
      if (entityType) {
        reads.deletes.push({
          entityType,
          externalId: id,
          deletedAt: new Date(change.at).toISOString(),
        });
      }
    } else if (entityType === 'customer') reads.customers.push(id);
    else if (entityType === 'product') reads.products.push(id);
    else if (change.object === 'PricebookEntry') reads.entries.push(id);
  }
  return reads;
}
