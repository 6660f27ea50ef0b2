import { type Static, Type } from '@sinclair/typebox';

import { CurrencyCode } from '../money/money.schema';
import { CountryCode, Email, Metadata } from '../primitives/primitives.schema';
import { closed, Nullable } from '../primitives/schema-helpers';
import { RecordMetaFields } from './record-meta.schema';

export const Address = Type.Object(
  {
    line1: Type.String({ minLength: 1, maxLength: 200, description: 'First address line.' }),
    line2: Type.Optional(Type.String({ maxLength: 200, description: 'Second address line.' })),
    city: Type.Optional(Type.String({ maxLength: 100, description: 'City or town.' })),
    state: Type.Optional(Type.String({ maxLength: 100, description: 'State, county or region.' })),
    postalCode: Type.Optional(Type.String({ maxLength: 20, description: 'Postal or ZIP code.' })),
    country: CountryCode,
  },
  { ...closed, description: 'Postal address.' },
);
export type Address = Static<typeof Address>;

const customerContentFields = {
  name: Type.String({
    minLength: 1,
    maxLength: 200,
    description: 'Customer (person or company) name.',
  }),
  email: Nullable(Email, 'Billing email address.'),
  phone: Nullable(Type.String({ maxLength: 40 }), 'Phone number as entered.'),
  address: Nullable(Address, 'Billing address.'),
  currency: Nullable(CurrencyCode, 'Preferred billing currency.'),
  metadata: Metadata,
};

export const CustomerContent = Type.Object(customerContentFields, {
  ...closed,
  description: 'The fields of a customer that sync with external systems.',
});
export type CustomerContent = Static<typeof CustomerContent>;

export const Customer = Type.Object(
  { ...RecordMetaFields, ...customerContentFields },
  { ...closed, description: 'A customer in the catalog.' },
);
export type Customer = Static<typeof Customer>;
