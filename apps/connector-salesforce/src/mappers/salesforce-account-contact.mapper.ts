import type { CustomerContent, FieldMapping, InboundCustomerContent } from '@concord/model';

import { addressFields, addressOf } from './salesforce-address';
import {
  mappedFieldsIn,
  mappedFieldsOut,
  mappingsByRecord,
  remappedCanonicalFields,
  type SalesforceFields,
} from './salesforce-field-mappings';
import { type SalesforceRecord, textOf, validEmail } from './salesforce-record';

/**
 * A customer under `customerObject: AccountWithContact` as read from Salesforce: the Account and
 * its primary Contact (null when the Account has none).
 */
export interface SalesforceAccountWithContact {
  account: SalesforceRecord;
  contact: SalesforceRecord | null;
}

/**
 * The person's first and last name from the customer's name: the last word is the last name
 * (Salesforce requires one), the words before it the first name ("Ada King Lovelace" -> "Ada King"
 * + "Lovelace"; "Plato" -> last name only).
 */
export function personNameOf(name: string): { FirstName: string | null; LastName: string } {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const last = words.pop() ?? name;
  const first = words.join(' ');
  return { FirstName: first ? first.slice(0, 40) : null, LastName: last.slice(0, 80) };
}

/**
 * Customer -> its Account (the company: name, billing address, `metadata.<key>` mappings) and its
 * primary Contact (the person: first and last name split from the name, email, phone, and their
 * mappings to custom fields). The writer adds `Concord_Id__c` to both and `AccountId` to the Contact.
 */
export function accountWithContactOut(
  content: CustomerContent,
  mappings: readonly FieldMapping[],
): { account: SalesforceFields; contact: SalesforceFields } {
  const remapped = remappedCanonicalFields(mappings);
  const byRecord = mappingsByRecord(mappings);
  const contact: SalesforceFields = { ...personNameOf(content.name) };
  if (!remapped.has('email')) contact['Email'] = content.email;
  if (!remapped.has('phone')) contact['Phone'] = content.phone;
  return {
    account: {
      Name: content.name,
      ...addressFields('Billing', content.address),
      ...mappedFieldsOut(content, byRecord.account),
    },
    contact: { ...contact, ...mappedFieldsOut(content, byRecord.contact) },
  };
}

/**
 * An Account and its primary Contact -> one customer: the name and address from the Account,
 * email and phone from the Contact (null without one; custom fields when mapped).
 */
export function accountWithContactIn(
  { account, contact }: SalesforceAccountWithContact,
  mappings: readonly FieldMapping[],
): InboundCustomerContent {
  const remapped = remappedCanonicalFields(mappings);
  const person = contact ?? { Id: '' };
  const content: InboundCustomerContent = {
    name: (textOf(account, 'Name') ?? account.Id).slice(0, 200),
  };
  if (!remapped.has('email')) content.email = validEmail(textOf(person, 'Email'));
  if (!remapped.has('phone')) content.phone = textOf(person, 'Phone')?.slice(0, 40) ?? null;
  const address = addressOf('Billing', account);
  if (address !== undefined) content.address = address;
  const mapped = mappedFieldsIn(person, mappingsByRecord(mappings).contact);
  if ('email' in mapped) content.email = validEmail(mapped['email']);
  if ('phone' in mapped) content.phone = mapped['phone']?.slice(0, 40) ?? null;
  return content;
}
