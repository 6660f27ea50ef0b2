import type { ExternalCallContext } from '@concord/connector-kit';

import type { SalesforceAccountWithContact } from '../mappers/salesforce-account-contact.mapper';
import { type SalesforceRecord, textOf } from '../mappers/salesforce-record';
import { CONCORD_ID_FIELD } from '../mappers/salesforce-settings';
import type { SalesforceClient } from '../salesforce/salesforce-client';
import { accountWithContactFields } from './salesforce-fields';
import { contactsOfAccounts, primaryContactOf } from './salesforce-primary-contacts';
import { recordsById } from './salesforce-query';

type Ctx = ExternalCallContext<SalesforceClient>;

/** Accounts paired with their primary Contacts (one Contact query per 200 live Accounts). */
export async function withPrimaryContacts(
  ctx: Ctx,
  accounts: readonly SalesforceRecord[],
): Promise<SalesforceAccountWithContact[]> {
  const live = accounts.filter((account) => account['IsDeleted'] !== true).map((a) => a.Id);
  const { contact: fields } = accountWithContactFields(ctx.connection);
  const contacts =
    live.length > 0 ? await contactsOfAccounts(ctx, 'query-Contact', live, fields) : new Map();
  return accounts.map((account) => ({
    account,
    contact:
      account['IsDeleted'] === true
        ? null
        : primaryContactOf(contacts.get(account.Id) ?? [], textOf(account, CONCORD_ID_FIELD)),
  }));
}

/**
 * The customers (Account plus primary Contact) that changed Accounts and Contacts stand for: each
 * Account once, whether it changed or one of its Contacts did (a Contact's change, delete included,
 * reads its Account afresh: it may have become, or stopped being, the primary one). `contacts` are
 * records that carry `AccountId`; `skip` are Accounts already accounted for (deleted by the same
 * batch of events).
 */
export async function customersOfChanges(
  ctx: Ctx,
  step: string,
  accounts: readonly SalesforceRecord[],
  contacts: readonly SalesforceRecord[],
  skip: ReadonlySet<string> = new Set(),
): Promise<SalesforceAccountWithContact[]> {
  const listed = new Set(accounts.map((account) => account.Id));
  const missing = [
    ...new Set(
      contacts
        .map((contact) => textOf(contact, 'AccountId'))
        .filter((id): id is string => id !== null && !listed.has(id) && !skip.has(id)),
    ),
  ];
  const { account: fields } = accountWithContactFields(ctx.connection);
  const read = await recordsById(
    ctx,
    step,
    missing,
    (ids) => `SELECT ${fields} FROM Account WHERE Id IN ${ids}`,
  );
  return withPrimaryContacts(ctx, [...accounts, ...read]);
}
