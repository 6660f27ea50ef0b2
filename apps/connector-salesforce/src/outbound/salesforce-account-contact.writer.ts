import type { BatchItem, BatchItemResult, ExternalCallContext } from '@concord/connector-kit';
import { classifyError, NotFoundError } from '@concord/errors';

import { contactsOfAccounts, primaryContactOf } from '../inbound/salesforce-primary-contacts';
import type { SalesforceCustomerPayload } from '../mappers/salesforce-customer.mapper';
import type { SalesforceFields } from '../mappers/salesforce-field-mappings';
import { CONCORD_ID_FIELD } from '../mappers/salesforce-settings';
import type { SalesforceClient } from '../salesforce/salesforce-client';
import { batchResultOf, recordWriteOf, writeSObjectBatch } from './salesforce-batch-records';
import { type RecordWrite, updateCollection, upsertCollection } from './salesforce-collections';

type Ctx = ExternalCallContext<SalesforceClient>;
type CustomerItem = BatchItem<'customer', SalesforceCustomerPayload>;

/** The link part that keeps the primary Contact's id (the link's main id is the Account's). */
export const PRIMARY_CONTACT_PART = 'contact';

/** A customer whose Account was written, and what its primary Contact needs. */
interface ContactPlan {
  index: number;
  accountId: string;
  /** The Contact to update by id, or null: upserted by the catalog id. */
  contactId: string | null;
  fields: SalesforceFields & { [CONCORD_ID_FIELD]: string; AccountId: string };
}

/**
 * Customers as an Account plus its primary Contact, a collection at a time: the Accounts (updated
 * by id or upserted by `Concord_Id__c`, see `writeSObjectBatch`), then one query for the Contacts
 * of Accounts that were there already and whose link lost the Contact (adopting the oldest Contact
 * without a catalog id of an Account made in Salesforce), then the Contacts, each with its
 * Account's `AccountId` and the customer's `Concord_Id__c`: known ones updated by id in one
 * collection, the others upserted by the catalog id in another (a retry never makes a second
 * Contact; a linked Contact deleted in Salesforce is upserted again). A customer whose Contact
 * failed is reported with the Contact's error: its retry writes both again, without duplicates.
 */
export async function writeAccountsWithContacts(
  items: readonly CustomerItem[],
  ctx: Ctx,
): Promise<BatchItemResult[]> {
  const accounts = await writeSObjectBatch(
    ctx,
    'customer',
    'Account',
    items.map((item) => recordWriteOf(item, (item.mapped as SalesforceCustomerPayload).fields)),
  );
  const results: BatchItemResult[] = accounts.map((write) => batchResultOf(write));
  const plans: ContactPlan[] = [];
  const lookUp: string[] = [];
  for (const [index, write] of accounts.entries()) {
    if (!write.ok) continue;
    const item = items[index] as CustomerItem;
    const linked =
      item.existing?.externalId === write.id
        ? item.existing.parts[PRIMARY_CONTACT_PART]
        : undefined;
    if (!linked && !write.created) lookUp.push(write.id);
    const fields = {
      ...item.mapped?.contact,
      [CONCORD_ID_FIELD]: item.entityId,
      AccountId: write.id,
    };
    plans.push({ index, accountId: write.id, contactId: linked ?? null, fields });
  }
  try {
    if (lookUp.length > 0) {
      const contacts = await contactsOfAccounts(ctx, 'find-primary-contacts', lookUp, [
        'Id',
        'AccountId',
        CONCORD_ID_FIELD,
      ]);
      for (const plan of plans) {
        const found = primaryContactOf(
          contacts.get(plan.accountId) ?? [],
          plan.fields.Concord_Id__c,
        );
        plan.contactId ??= found?.Id ?? null;
      }
    }
    const writes = await writeContacts(ctx, plans);
    for (const [i, plan] of plans.entries()) {
      const contact = writes[i] as RecordWrite;
      results[plan.index] = contact.ok
        ? batchResultOf(
            { ok: true, id: plan.accountId, created: false },
            {
              [PRIMARY_CONTACT_PART]: contact.id,
            },
          )
        : batchResultOf(contact);
    }
  } catch (thrown) {
    const error = classifyError(thrown);
    for (const plan of plans) results[plan.index] = batchResultOf({ ok: false, error });
  }
  return results;
}

/** The Contacts of the plans: updates by id, then upserts by catalog id; one result a plan. */
async function writeContacts(ctx: Ctx, plans: readonly ContactPlan[]): Promise<RecordWrite[]> {
  const writes: RecordWrite[] = new Array(plans.length);
  const known = [...plans.keys()].filter((i) => plans[i]?.contactId);
  const updated = known.length
    ? await updateCollection(
        ctx,
        'update-Contact-collection',
        'Contact',
        known.map((i) => ({ ...plans[i]?.fields, Id: plans[i]?.contactId as string })),
      )
    : [];
  known.forEach((i, n) => (writes[i] = updated[n] as RecordWrite));
  // Without a Contact, or whose Contact was deleted in Salesforce: upserted by the catalog id.
  const upsert = [...plans.keys()].filter((i) => {
    const write = writes[i];
    return write === undefined || (!write.ok && write.error instanceof NotFoundError);
  });
  const upserted = upsert.length
    ? await upsertCollection(
        ctx,
        'upsert-Contact-collection',
        'Contact',
        upsert.map((i) => (plans[i] as ContactPlan).fields),
      )
    : [];
  upsert.forEach((i, n) => (writes[i] = upserted[n] as RecordWrite));
  return writes;
}
