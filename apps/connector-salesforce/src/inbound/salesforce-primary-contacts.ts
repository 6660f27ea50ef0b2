import type { ExternalCallContext } from '@concord/connector-kit';

import type { SalesforceRecord } from '../mappers/salesforce-record';
import { CONCORD_ID_FIELD } from '../mappers/salesforce-settings';
import type { SalesforceClient } from '../salesforce/salesforce-client';
import { queryAllRecords } from './salesforce-query';
import { soqlIdList } from './soql';

type Ctx = ExternalCallContext<SalesforceClient>;

/** Accounts whose Contacts one query reads. */
const CHUNK = 200;

/**
 * The primary Contact of an Account (`customerObject: AccountWithContact`), among its live
 * Contacts oldest first: the one carrying the customer's catalog id in `Concord_Id__c` (Concord
 * writes it so), else the oldest that carries no catalog id (an Account made in Salesforce, whose
 * first Contact Concord then adopts); a Contact carrying another catalog id is never taken.
 * Salesforce's own flag (`AccountContactRelation.IsPrimary`) is not on Contact, and the org may not
 * have it: the catalog id is what Concord controls.
 */
export function primaryContactOf(
  contacts: readonly SalesforceRecord[],
  concordId: string | null,
): SalesforceRecord | null {
  const idOf = (contact: SalesforceRecord) => {
    const value = contact[CONCORD_ID_FIELD];
    return typeof value === 'string' && value !== '' ? value.toLowerCase() : null;
  };
  const tagged = concordId
    ? contacts.find((contact) => idOf(contact) === concordId.toLowerCase())
    : undefined;
  return tagged ?? contacts.find((contact) => idOf(contact) === null) ?? null;
}

/**
 * The live Contacts of these Accounts, oldest first, by account id (one query per 200 Accounts).
 * `fields` must name `AccountId` and `Concord_Id__c`.
 */
export async function contactsOfAccounts(
  ctx: Ctx,
  step: string,
  accountIds: readonly string[],
  fields: readonly string[],
): Promise<Map<string, SalesforceRecord[]>> {
  const byAccount = new Map<string, SalesforceRecord[]>();
  const unique = [...new Set(accountIds)];
  for (let i = 0; i < unique.length; i += CHUNK) {
    const contacts = await queryAllRecords(
      ctx,
      step,
      `SELECT ${fields.join(', ')} FROM Contact WHERE AccountId IN ${soqlIdList(unique.slice(i, i + CHUNK))} ` +
        'ORDER BY CreatedDate ASC, Id ASC',
    );
    for (const contact of contacts) {
      const accountId = String(contact['AccountId']);
      byAccount.set(accountId, [...(byAccount.get(accountId) ?? []), contact]);
    }
  }
  return byAccount;
}
