import { type EntityMapper, fieldMappingsOf } from '@concord/connector-kit';
import type { CustomerContent, InboundCustomerContent } from '@concord/model';

import { addressFields, addressOf } from './salesforce-address';
import {
  mappedFieldsIn,
  mappedFieldsOut,
  remappedCanonicalFields,
  type SalesforceFields,
} from './salesforce-field-mappings';
import { isoTime, type SalesforceRecord, textOf } from './salesforce-record';
import { type CustomerObject, customerObjectOf } from './salesforce-settings';

/** What the outbound adapter writes for a customer: the object and its fields (nulls clear). */
export interface SalesforceCustomerPayload {
  sObject: CustomerObject;
  fields: SalesforceFields;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
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

function validEmail(value: string | null | undefined): string | null {
  return value && EMAIL.test(value) ? value.slice(0, 254) : null;
}

/**
 * Customer <-> Account (the default) or Contact (`settings.customerObject`). Account: name,
 * phone, billing address; Contact: name (as its last name), email, phone, mailing address. The
 * catalog id travels in `Concord_Id__c`, written by the adapter's upsert. Field mappings move
 * email/phone to custom fields and write custom `metadata.<key>` fields.
 */
export const salesforceCustomerMapper: EntityMapper<'customer', SalesforceCustomerPayload> = {
  toExternal(content, { connection }) {
    const sObject = customerObjectOf(connection);
    const mappings = fieldMappingsOf(connection, 'customer');
    const remapped = remappedCanonicalFields(mappings);
    const fields: SalesforceFields = {};
    for (const [canonical, standard] of Object.entries(standardFields(sObject, content))) {
      if (!remapped.has(canonical)) Object.assign(fields, standard);
    }
    return { sObject, fields: { ...fields, ...mappedFieldsOut(content, mappings) } };
  },

  toCanonical(external, { connection }) {
    const record = external as SalesforceRecord;
    const sObject = customerObjectOf(connection);
    const mappings = fieldMappingsOf(connection, 'customer');
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
    };
  },
};
