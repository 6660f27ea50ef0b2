import { isRecord } from '@concord/simulators/core';

import { XeroRequestContext } from '../../http/xero-route';
import { Organisation } from '../../organisations/organisation';
import { ContactRecord, ContactStatus } from '../../organisations/xero-records';
import { RecordWriter, WriteMode } from '../batch-write';
import { RecordInput } from '../record-input';
import { RecordValidationError } from '../record-validation.error';
import { renderContact } from './contact.renderer';

const ADDRESS_TYPES = ['POBOX', 'STREET'];
const PHONE_TYPES = ['DEFAULT', 'DDI', 'MOBILE', 'FAX', 'OFFICE'];
const STATUSES: readonly ContactStatus[] = ['ACTIVE', 'ARCHIVED'];

/** Creates and updates contacts: Name unique among active contacts, ContactNumber unique. */
export class ContactWriter implements RecordWriter {
  readonly collection = 'Contacts';
  readonly errorFlag = 'HasValidationErrors';

  write(
    raw: Record<string, unknown>,
    context: XeroRequestContext,
    mode: WriteMode,
  ): Record<string, unknown> {
    const { org } = context;
    const input = new RecordInput(raw);
    const existing = findExisting(org, input, mode);
    const name = input.string('Name', 255)?.trim();
    const contactNumber = input.string('ContactNumber', 50);
    const status = input.oneOf('ContactStatus', STATUSES);
    const next: ContactRecord = {
      ...(existing ?? {
        ContactID: context.ids.uuid(),
        ContactStatus: 'ACTIVE',
        Name: '',
        Addresses: [],
        Phones: [],
        IsSupplier: false,
        IsCustomer: false,
      }),
      updatedAt: context.now,
    };
    if (name !== undefined) next.Name = name;
    if (status) next.ContactStatus = status;
    if (contactNumber !== undefined) next.ContactNumber = contactNumber;
    for (const field of [
      'AccountNumber',
      'FirstName',
      'LastName',
      'EmailAddress',
      'TaxNumber',
    ] as const) {
      const value = input.string(field, field === 'EmailAddress' ? 255 : 50);
      if (value !== undefined) next[field] = value;
    }
    const currency = input.string('DefaultCurrency', 3);
    if (currency !== undefined) next.DefaultCurrency = currency.toUpperCase();
    const addresses = input.objects('Addresses');
    if (addresses) next.Addresses = checkTyped(input, addresses, 'AddressType', ADDRESS_TYPES);
    const phones = input.objects('Phones');
    if (phones) next.Phones = checkTyped(input, phones, 'PhoneType', PHONE_TYPES);
    if (next.EmailAddress && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(next.EmailAddress)) {
      input.fail('Email address must be valid.');
    }
    if (!next.Name) input.fail('The contact name must be specified.');
    else if (next.ContactStatus === 'ACTIVE' && nameTaken(org, next)) {
      input.fail(
        `The contact name ${next.Name} is already assigned to another contact. The contact name must be unique across all active contacts.`,
      );
    }
    if (next.ContactNumber && numberTaken(org, next)) {
      input.fail(
        `The contact number ${next.ContactNumber} is already assigned to another contact.`,
      );
    }
    input.check();
    org.contacts.set(next.ContactID, next);
    context.events.record('CONTACT', existing ? 'UPDATE' : 'CREATE', next.ContactID, context.now);
    return renderContact(next);
  }
}

/** ContactID, else (POST) ContactNumber, else (POST) the name of an active contact. */
function findExisting(
  org: Organisation,
  input: RecordInput,
  mode: WriteMode,
): ContactRecord | undefined {
  const id = input.string('ContactID');
  if (id !== undefined) {
    const found = org.contacts.get(id.toLowerCase());
    if (!found)
      throw new RecordValidationError([`The contact with ContactID ${id} could not be found.`]);
    return found;
  }
  if (mode === 'create') return undefined;
  const number = input.string('ContactNumber');
  if (number) {
    const byNumber = [...org.contacts.values()].find((contact) => contact.ContactNumber === number);
    if (byNumber) return byNumber;
  }
  const name = input.string('Name')?.trim().toLowerCase();
  if (!name) return undefined;
  return [...org.contacts.values()].find(
    (contact) => contact.ContactStatus === 'ACTIVE' && contact.Name.toLowerCase() === name,
  );
}

function nameTaken(org: Organisation, next: ContactRecord): boolean {
  const name = next.Name.toLowerCase();
  return [...org.contacts.values()].some(
    (other) =>
      other.ContactID !== next.ContactID &&
      other.ContactStatus === 'ACTIVE' &&
      other.Name.toLowerCase() === name,
  );
}

function numberTaken(org: Organisation, next: ContactRecord): boolean {
  return [...org.contacts.values()].some(
    (other) => other.ContactID !== next.ContactID && other.ContactNumber === next.ContactNumber,
  );
}

function checkTyped(
  input: RecordInput,
  entries: Record<string, unknown>[],
  typeField: string,
  allowed: string[],
): Record<string, unknown>[] {
  return entries.map((entry) => {
    const type = entry[typeField];
    if (typeof type !== 'string' || !allowed.includes(type.toUpperCase())) {
      input.fail(`${typeField} must be one of ${allowed.join(', ')}`);
      return entry;
    }
    const copy: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(entry)) {
      if (typeof value === 'string' || isRecord(value)) copy[key] = value;
    }
    return { ...copy, [typeField]: type.toUpperCase() };
  });
}
