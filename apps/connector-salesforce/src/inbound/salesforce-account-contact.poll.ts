import type { InboundChangeDraft, InboundContext } from '@concord/connector-kit';

import { salesforceCustomerMapper } from '../mappers/salesforce-customer.mapper';
import type { SalesforceRecord } from '../mappers/salesforce-record';
import type { SalesforceClient } from '../salesforce/salesforce-client';
import {
  advanceModstampCursor,
  alreadyReported,
  cursorAtNewest,
  formatModstampCursor,
  parseModstampCursor,
} from './modstamp-cursor';
import { customersOfChanges } from './salesforce-account-contact-records';
import { draftOf } from './salesforce-drafts';
import { accountWithContactFields } from './salesforce-fields';
import { queryAllRecords } from './salesforce-query';
import { soqlDateTime } from './soql';

const NEWEST = 'ORDER BY SystemModstamp DESC, Id DESC LIMIT 1';
const OLDEST_FIRST = 'ORDER BY SystemModstamp ASC, Id ASC';

function byStamp(a: SalesforceRecord, b: SalesforceRecord): number {
  return String(a['SystemModstamp']).localeCompare(String(b['SystemModstamp']));
}

/**
 * Customers as Accounts plus primary Contacts changed since the cursor: Accounts and Contacts
 * (of an Account), both on `SystemModstamp` through `queryAll` under one cursor, so a change of
 * either, or an Account deleted since, becomes one change of the customer. A null cursor starts
 * at the newer of the two objects' newest records.
 */
export async function pollAccountsWithContacts(
  cursorText: string | null,
  ctx: InboundContext<SalesforceClient>,
): Promise<{ changes: InboundChangeDraft[]; nextCursor: string }> {
  const { connection } = ctx;
  const all = { includeDeleted: true };
  if (cursorText === null) {
    const [account] = await queryAllRecords(
      ctx,
      'poll-Account',
      `SELECT Id, SystemModstamp FROM Account ${NEWEST}`,
      all,
    );
    const [contact] = await queryAllRecords(
      ctx,
      'poll-Contact',
      `SELECT Id, SystemModstamp FROM Contact WHERE AccountId != null ${NEWEST}`,
      all,
    );
    const newest = [account, contact].filter((r): r is SalesforceRecord => !!r).sort(byStamp);
    return { changes: [], nextCursor: formatModstampCursor(cursorAtNewest(newest.pop())) };
  }
  const cursor = parseModstampCursor(cursorText);
  const since = `SystemModstamp >= ${soqlDateTime(cursor.at)}`;
  const fields = accountWithContactFields(connection);
  const accounts = await queryAllRecords(
    ctx,
    'poll-Account',
    `SELECT ${fields.account} FROM Account WHERE ${since} ${OLDEST_FIRST}`,
    all,
  );
  const contacts = await queryAllRecords(
    ctx,
    'poll-Contact',
    `SELECT Id, AccountId, SystemModstamp FROM Contact WHERE AccountId != null AND ${since} ${OLDEST_FIRST}`,
    all,
  );
  const customers = await customersOfChanges(
    ctx,
    'poll-Account',
    accounts.filter((a) => !alreadyReported(cursor, a)),
    contacts.filter((c) => !alreadyReported(cursor, c)),
  );
  const changes = customers.map((customer) =>
    draftOf(
      'customer',
      salesforceCustomerMapper.toCanonical(customer, { links: ctx.links, connection }),
    ),
  );
  const next = advanceModstampCursor(cursor, [...accounts, ...contacts].sort(byStamp));
  return { changes, nextCursor: formatModstampCursor(next) };
}
