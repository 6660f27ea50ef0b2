import { type EntityMapper, fieldMappingsOf } from '@concord/connector-kit';
import type { CustomerContent, InboundCustomerContent } from '@concord/model';

import {
  accountWithContactIn,
  accountWithContactOut,
  type SalesforceAccountWithContact,
} from './salesforce-account-contact.mapper';
import { addressFields, addressOf } from './salesforce-address';
import {
  mappedFieldsIn,
  mappedFieldsOut,
  remappedCanonicalFields,
  type SalesforceFields,
} from './salesforce-field-mappings';
import {
  isoTime,
  latestStamp,
  type SalesforceRecord,
  textOf,
  validEmail,
} from './salesforce-record';
import {
  CONCORD_ID_FIELD,
  type CustomerObject,
  customerObjectOf,
  mapsPrimaryContact,
} from './salesforce-settings';

/**
 * What the outbound adapter writes for a customer: the object and its fields (nulls clear), and
 * under `AccountWithContact` the primary Contact's fields (`sObject` is then the Account).
 */
export interface SalesforceCustomerPayload {
  sObject: CustomerObject;
  fields: SalesforceFields;
  contact?: SalesforceFields;
}
const ADDRESS_PREFIX: Record<CustomerObject, string> = { Account: 'Billing', Contact: 'Mailing' };

/** The standard fields of the object that hold each canonical customer field. */
function standardFields(
  sObject: CustomerObject,
  content: CustomerContent,
): Record<string, SalesforceFields> {
  const common = {
    phone: { Phone: content.phone },
    address: addressFields(ADDRESS_PREFIX[sObject], content.address),
  };
  return sObject === 'Account'
    ? { name: { Name: content.name }, ...common }
    : // A Contact's name is computed from first and last name: the whole name is the last name.
      {
        name: { FirstName: null, LastName: content.name },
        email: { Email: content.email },
        ...common,
      };
}

/**
 * Customer <-> Account (the default), Contact, or Account plus its primary Contact
 * (`settings.customerObject`, see `salesforce-account-contact.mapper.ts`). Account: name,
 * phone, billing address; Contact: name (as its last name), email, phone, mailing address. The
 * catalog id travels in `Concord_Id__c`, written by the adapter's upsert. Field mappings move
 * email/phone to custom fields and write custom `metadata.<key>` fields.
 */
export const salesforceCustomerMapper: EntityMapper<'customer', SalesforceCustomerPayload> = {
  toExternal(content, { connection }) {
    const mappings = fieldMappingsOf(connection, 'customer');
    if (mapsPrimaryContact(connection)) {
      const { account, contact } = accountWithContactOut(content, mappings);
      return { sObject: 'Account', fields: account, contact };
    }
    const sObject = customerObjectOf(connection);
    const remapped = remappedCanonicalFields(mappings);
    const fields: SalesforceFields = {};
    for (const [canonical, standard] of Object.entries(standardFields(sObject, content))) {
      if (!remapped.has(canonical)) Object.assign(fields, standard);
    }
    return { sObject, fields: { ...fields, ...mappedFieldsOut(content, mappings) } };
  },

  toCanonical(external, { connection }) {
    const mappings = fieldMappingsOf(connection, 'customer');
    if (mapsPrimaryContact(connection)) {
      const pair = external as SalesforceAccountWithContact;
      const latest = latestStamp([pair.account, pair.contact]);
      return {
        externalId: pair.account.Id,
        deleted: pair.account['IsDeleted'] === true,
        content: accountWithContactIn(pair, mappings),
        changedAt: isoTime(latest),
        externalVersion: latest,
        catalogId: textOf(pair.account, CONCORD_ID_FIELD),
      };
    }
    const record = external as SalesforceRecord;
    const sObject = customerObjectOf(connection);
    const remapped = remappedCanonicalFields(mappings);
    const name =
      textOf(record, 'Name') ??
      ([textOf(record, 'FirstName'), textOf(record, 'LastName')].filter(Boolean).join(' ') ||
        record.Id);
    const content: InboundCustomerContent = { name: name.slice(0, 200) };
    if (!remapped.has('phone')) content.phone = textOf(record, 'Phone')?.slice(0, 40) ?? null;
    if (sObject === 'Contact' && !remapped.has('email')) {
      content.email = validEmail(textOf(record, 'Email'));
    }
    const address = addressOf(ADDRESS_PREFIX[sObject], record);
    if (address !== undefined) content.address = address;
    const mapped = mappedFieldsIn(record, mappings);
    if ('email' in mapped) content.email = validEmail(mapped['email']);
    if ('phone' in mapped) content.phone = mapped['phone']?.slice(0, 40) ?? null;
    const changedAt = isoTime(record['SystemModstamp']);
    return {
      externalId: record.Id,
      deleted: record['IsDeleted'] === true,
      content,
      changedAt,
      externalVersion:
        typeof record['SystemModstamp'] === 'string' ? record['SystemModstamp'] : null,
      catalogId: textOf(record, CONCORD_ID_FIELD),
    };
  },
};
