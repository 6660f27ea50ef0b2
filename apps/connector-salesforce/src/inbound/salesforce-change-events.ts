import type { InboundChangeDraft, InboundContext } from '@concord/connector-kit';
import { syncsInbound } from '@concord/connector-kit';

import { salesforceCustomerMapper } from '../mappers/salesforce-customer.mapper';
import { salesforceProductMapper } from '../mappers/salesforce-product.mapper';
import type { SalesforceRecord } from '../mappers/salesforce-record';
import { mapsPrimaryContact } from '../mappers/salesforce-settings';
import type { SalesforceClient } from '../salesforce/salesforce-client';
import { customersOfChanges } from './salesforce-account-contact-records';
import {
  type ChangeEventReads,
  type DeletedRecord,
  planChangeEventReads,
  type SalesforceChangeEvent,
} from './salesforce-change-event';
import { draftOf } from './salesforce-drafts';
import { accountWithContactFields, customerQueryShape, ENTRY_FIELDS } from './salesforce-fields';
import { productsById, withStandardEntries } from './salesforce-product-records';
import { recordsById } from './salesforce-query';

type Ctx = InboundContext<SalesforceClient>;

function deleteDraft(deleted: DeletedRecord): InboundChangeDraft {
  return {
    entityType: deleted.entityType,
    externalId: deleted.externalId,
    operation: 'delete',
    sourceEventId: `${deleted.externalId}-deleted-${deleted.deletedAt}`,
    changedAt: deleted.deletedAt,
    externalVersion: null,
    content: null,
  } as InboundChangeDraft;
}

/**
 * The changes a batch of change events stands for. Events carry only the changed fields, so the
 * records are read afresh, all of a kind in one query (`WHERE Id IN (...)`): customers in one,
 * products in at most three (changed price book entries, their products, the standard entries of
 * the others). The drafts are the ones a poll would make of the same records (same source event
 * ids), so a change both streamed and polled reaches the catalog once.
 */
export async function changesFromEvents(
  events: readonly SalesforceChangeEvent[],
  ctx: Ctx,
): Promise<InboundChangeDraft[]> {
  const { connection } = ctx;
  const { sObject, fields } = customerQueryShape(connection);
  const withContacts = mapsPrimaryContact(connection);
  const reads = planChangeEventReads(events, sObject, withContacts);
  const drafts: InboundChangeDraft[] = [];
  if (
    withContacts &&
    syncsInbound(connection.settings, 'customer') &&
    reads.customers.length + reads.contacts.length > 0
  ) {
    drafts.push(...(await accountWithContactChanges(ctx, reads)));
  } else if (syncsInbound(connection.settings, 'customer') && reads.customers.length > 0) {
    const records = await recordsById(
      ctx,
      `stream-${sObject}`,
      reads.customers,
      (ids) => `SELECT ${fields} FROM ${sObject} WHERE Id IN ${ids}`,
    );
    for (const record of records) {
      const canonical = salesforceCustomerMapper.toCanonical(record, {
        links: ctx.links,
        connection,
      });
      drafts.push(draftOf('customer', canonical));
    }
  }
  if (
    syncsInbound(connection.settings, 'product') &&
    reads.products.length + reads.entries.length > 0
  ) {
    const entries = await recordsById(
      ctx,
      'stream-PricebookEntry',
      reads.entries,
      (ids) =>
        `SELECT ${ENTRY_FIELDS.join(', ')} FROM PricebookEntry ` +
        `WHERE Pricebook2.IsStandard = true AND Id IN ${ids}`,
    );
    const entryByProduct = new Map<string, SalesforceRecord>();
    for (const entry of entries) entryByProduct.set(String(entry['Product2Id']), entry);
    const productIds = [...new Set([...reads.products, ...entryByProduct.keys()])];
    const order = new Map(productIds.map((id, index) => [id, index]));
    const products = (await productsById(ctx, productIds)).sort(
      (a, b) => (order.get(a.Id) ?? 0) - (order.get(b.Id) ?? 0),
    );
    for (const record of await withStandardEntries(ctx, products, entryByProduct)) {
      const canonical = salesforceProductMapper.toCanonical(record, {
        links: ctx.links,
        connection,
      });
      drafts.push(draftOf('product', canonical));
    }
  }
  for (const deleted of reads.deletes) {
    if (syncsInbound(connection.settings, deleted.entityType)) drafts.push(deleteDraft(deleted));
  }
  return drafts;
}

/**
 * Customers as Accounts plus primary Contacts: the changed Accounts and the Contacts (for their
 * `AccountId`) read afresh, then each Account once with its primary Contact. An Account deleted
 * by the same batch (its Contacts' deletes cascade from it) is the delete alone.
 */
async function accountWithContactChanges(
  ctx: Ctx,
  reads: ChangeEventReads,
): Promise<InboundChangeDraft[]> {
  const fields = accountWithContactFields(ctx.connection);
  const accounts = await recordsById(
    ctx,
    'stream-Account',
    reads.customers,
    (ids) => `SELECT ${fields.account} FROM Account WHERE Id IN ${ids}`,
  );
  const contacts = await recordsById(
    ctx,
    'stream-Contact',
    reads.contacts,
    (ids) => `SELECT Id, AccountId FROM Contact WHERE Id IN ${ids}`,
  );
  const deleted = new Set(reads.deletes.map((d) => d.externalId));
  const customers = await customersOfChanges(ctx, 'stream-Account', accounts, contacts, deleted);
  return customers.map((customer) =>
    draftOf(
      'customer',
      salesforceCustomerMapper.toCanonical(customer, {
        links: ctx.links,
        connection: ctx.connection,
      }),
    ),
  );
}
