import type { EntityMapper } from '@concord/connector-kit';
import type { Address, CustomerContent, InboundCustomerContent } from '@concord/model';

import { isoInstantOfXeroDate } from '../xero/xero-dates';
import { catalogNameOf } from './xero-contact-name';

/** A Contact as xero-node sends and reads it (camelCase; enums as their string values). */
export interface XeroContactPayload {
  contactID?: string;
  /** Concord's id of the customer: Xero's external reference, usable in GET and POST. */
  contactNumber?: string;
  contactStatus?: 'ACTIVE' | 'ARCHIVED' | 'GDPRREQUEST';
  name: string;
  /** Empty text clears the field in Xero. */
  emailAddress: string;
  phones: Array<{ phoneType: string; phoneNumber?: string }>;
  addresses: Array<{
    addressType: string;
    addressLine1?: string;
    addressLine2?: string;
    city?: string;
    region?: string;
    postalCode?: string;
    country?: string;
  }>;
  defaultCurrency?: string;
  updatedDateUTC?: unknown;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Xero's billing address of a contact. */
const BILLING = 'POBOX';
const PHONE = 'DEFAULT';

function toXeroAddress(address: Address | null): XeroContactPayload['addresses'][number] {
  if (address === null) return { addressType: BILLING, addressLine1: '', city: '', country: '' };
  return {
    addressType: BILLING,
    addressLine1: address.line1,
    addressLine2: address.line2 ?? '',
    city: address.city ?? '',
    region: address.state ?? '',
    postalCode: address.postalCode ?? '',
    country: address.country,
  };
}

function toCanonicalAddress(
  addresses: XeroContactPayload['addresses'] | undefined,
): Address | null | undefined {
  const billing = (addresses ?? []).find((a) => String(a.addressType) === BILLING);
  if (!billing?.addressLine1) return null;
  const country = (billing.country ?? '').trim();
  // Xero keeps the country as free text; only an ISO code has a canonical form.
  if (!/^[A-Za-z]{2}$/.test(country)) return undefined;
  const result: Address = { line1: billing.addressLine1, country: country.toUpperCase() };
  if (billing.addressLine2) result.line2 = billing.addressLine2;
  if (billing.city) result.city = billing.city;
  if (billing.region) result.state = billing.region;
  if (billing.postalCode) result.postalCode = billing.postalCode;
  return result;
}

/**
 * Customer <-> Contact: name, email, phone (the DEFAULT phone), billing address (POBOX), default
 * currency. Xero contacts have no custom fields: metadata is neither written nor reported.
 * An archived contact is a deleted customer.
 */
export const xeroContactMapper: EntityMapper<'customer', XeroContactPayload> = {
  toExternal(content: CustomerContent): XeroContactPayload {
    return {
      name: content.name,
      emailAddress: content.email ?? '',
      phones: [{ phoneType: PHONE, phoneNumber: content.phone ?? '' }],
      addresses: [toXeroAddress(content.address)],
      ...(content.currency ? { defaultCurrency: content.currency } : {}),
    };
  },

  toCanonical(external) {
    const contact = external as XeroContactPayload;
    const externalId = contact.contactID ?? '';
    const changedAt = isoInstantOfXeroDate(contact.updatedDateUTC);
    if (String(contact.contactStatus) === 'ARCHIVED') {
      return { externalId, deleted: true, content: {}, changedAt, externalVersion: changedAt };
    }
    const phone = (contact.phones ?? []).find((p) => String(p.phoneType) === PHONE)?.phoneNumber;
    const email = contact.emailAddress?.trim() ?? '';
    const content: InboundCustomerContent = {
      name: (catalogNameOf(contact.name ?? '', contact.contactNumber) || externalId).slice(0, 200),
      email: EMAIL.test(email) ? email : null,
      phone: phone ? phone.slice(0, 40) : null,
    };
    if (contact.defaultCurrency) content.currency = String(contact.defaultCurrency);
    const address = toCanonicalAddress(contact.addresses);
    if (address !== undefined) content.address = address;
    return {
      externalId,
      deleted: false,
      content,
      changedAt,
      externalVersion: changedAt,
      // Concord numbers the contacts it creates with their catalog id.
      catalogId: contact.contactNumber ?? null,
    };
  },
};
