import { type EntityMapper, fieldMappingsOf } from '@concord/connector-kit';
import type { Address, CustomerContent, InboundCustomerContent } from '@concord/model';
import type Stripe from 'stripe';

import { canonicalMetadata, catalogIdOf } from './concord-metadata';
import { metadataFromStripe, metadataToStripe } from './stripe-field-mappings';

/** What the outbound adapter writes for a customer (nulls clear the field). */
export interface StripeCustomerPayload {
  name: string;
  email: string | null;
  phone: string | null;
  address: Stripe.AddressParam | null;
  /** The user's metadata plus Concord's keys (the preferred currency, which Stripe cannot store). */
  metadata: Record<string, string>;
}

export const CURRENCY_KEY = 'concord_currency';
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function toStripeAddress(address: Address | null): Stripe.AddressParam | null {
  if (address === null) return null;
  return {
    line1: address.line1,
    line2: address.line2 ?? '',
    city: address.city ?? '',
    state: address.state ?? '',
    postal_code: address.postalCode ?? '',
    country: address.country,
  };
}

function toCanonicalAddress(address: Stripe.Address | null): Address | null | undefined {
  if (address === null) return null;
  // A partial Stripe address (no street or country) has no canonical form: not reported.
  if (!address.line1 || !address.country) return undefined;
  const optional = (value: string | null): string | undefined => (value ? value : undefined);
  const result: Address = { line1: address.line1, country: address.country.toUpperCase() };
  const extras = {
    line2: optional(address.line2),
    city: optional(address.city),
    state: optional(address.state),
    postalCode: optional(address.postal_code),
  };
  for (const [key, value] of Object.entries(extras)) {
    if (value !== undefined) (result as unknown as Record<string, string>)[key] = value;
  }
  return result;
}

/** Customer <-> Stripe customer. Lossless both ways for everything Stripe can hold. */
export const stripeCustomerMapper: EntityMapper<'customer', StripeCustomerPayload> = {
  toExternal(content: CustomerContent, { connection }): StripeCustomerPayload {
    return {
      name: content.name,
      email: content.email,
      phone: content.phone,
      address: toStripeAddress(content.address),
      metadata: {
        ...metadataToStripe(content.metadata, fieldMappingsOf(connection, 'customer')),
        ...(content.currency ? { [CURRENCY_KEY]: content.currency } : {}),
      },
    };
  },

  toCanonical(external, { connection }) {
    const customer = external as Stripe.Customer | Stripe.DeletedCustomer;
    if ('deleted' in customer && customer.deleted) {
      return {
        externalId: customer.id,
        deleted: true,
        content: {},
        changedAt: null,
        externalVersion: null,
      };
    }
    const live = customer as Stripe.Customer;
    const content: InboundCustomerContent = {
      name: live.name || live.email || live.id,
      email: live.email && EMAIL.test(live.email) ? live.email : null,
      phone: live.phone ? live.phone.slice(0, 40) : null,
      currency: live.metadata?.[CURRENCY_KEY] ?? live.currency?.toUpperCase() ?? null,
      metadata: metadataFromStripe(
        canonicalMetadata(live.metadata),
        fieldMappingsOf(connection, 'customer'),
      ),
    };
    const address = toCanonicalAddress(live.address ?? null);
    if (address !== undefined) content.address = address;
    // Stripe keeps no update time for customers: a listed record counts as changed when created,
    // so a listing never outranks a newer change the catalog made (events carry real times).
    const changedAt = live.created ? new Date(live.created * 1000).toISOString() : null;
    return {
      externalId: live.id,
      deleted: false,
      content,
      changedAt,
      externalVersion: null,
      catalogId: catalogIdOf(live.metadata),
    };
  },
};
