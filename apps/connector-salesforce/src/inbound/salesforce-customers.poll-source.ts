import type { PollSource } from '@concord/connector-kit';

import { salesforceCustomerMapper } from '../mappers/salesforce-customer.mapper';
import { mapsPrimaryContact } from '../mappers/salesforce-settings';
import type { SalesforceClient } from '../salesforce/salesforce-client';
import {
  advanceModstampCursor,
  alreadyReported,
  cursorAtNewest,
  formatModstampCursor,
  parseModstampCursor,
} from './modstamp-cursor';
import { pollAccountsWithContacts } from './salesforce-account-contact.poll';
import { draftOf } from './salesforce-drafts';
import { customerQueryShape } from './salesforce-fields';
import { queryAllRecords } from './salesforce-query';
import { soqlDateTime } from './soql';

/**
 * Customers (Account, Contact, or Account plus primary Contact: `pollAccountsWithContacts`) changed since the cursor: `queryAll` on `SystemModstamp`, so
 * records deleted since (in the recycle bin, `IsDeleted = true`) come back as deletes. A null
 * cursor starts at the newest record without reporting anything.
 */
export const salesforceCustomersPollSource: PollSource<SalesforceClient> = {
  stream: 'salesforce-customers',
  async poll(cursorText, ctx) {
    const { connection } = ctx;
    if (!connection.settings.entityTypes.includes('customer')) {
      return { changes: [], nextCursor: cursorText };
    }
    if (mapsPrimaryContact(connection)) return pollAccountsWithContacts(cursorText, ctx);
    const { sObject, fields } = customerQueryShape(connection);
    if (cursorText === null) {
      const [newest] = await queryAllRecords(
        ctx,
        `poll-${sObject}`,
        `SELECT Id, SystemModstamp FROM ${sObject} ORDER BY SystemModstamp DESC, Id DESC LIMIT 1`,
        { includeDeleted: true },
      );
      return { changes: [], nextCursor: formatModstampCursor(cursorAtNewest(newest)) };
    }
    const cursor = parseModstampCursor(cursorText);
    const records = await queryAllRecords(
      ctx,
      `poll-${sObject}`,
      `SELECT ${fields} FROM ${sObject} WHERE SystemModstamp >= ${soqlDateTime(cursor.at)} ` +
        'ORDER BY SystemModstamp ASC, Id ASC',
      { includeDeleted: true },
    );
    const fresh = records.filter((record) => !alreadyReported(cursor, record));
    const changes = fresh.map((record) =>
      draftOf(
        'customer',
        salesforceCustomerMapper.toCanonical(record, { links: ctx.links, connection }),
      ),
    );
    return { changes, nextCursor: formatModstampCursor(advanceModstampCursor(cursor, records)) };
  },
};
