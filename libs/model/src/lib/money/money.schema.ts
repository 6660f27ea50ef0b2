import { type Static, Type } from '@sinclair/typebox';

import { closed } from '../primitives/schema-helpers';

export const CurrencyCode = Type.String({
  pattern: '^[A-Z]{3}$',
  description: 'ISO 4217 alphabetic currency code, upper case, e.g. "EUR".',
});
export type CurrencyCode = Static<typeof CurrencyCode>;

export const MinorUnits = Type.Integer({
  minimum: -Number.MAX_SAFE_INTEGER,
  maximum: Number.MAX_SAFE_INTEGER,
  description:
    'Amount as an integer in the currency minor unit (cents for USD, yen for JPY, fils for KWD).',
});
export type MinorUnits = Static<typeof MinorUnits>;

export const Money = Type.Object(
  {
    amount: MinorUnits,
    currency: CurrencyCode,
  },
  { ...closed, description: 'An amount of money in minor units with its currency.' },
);
export type Money = Static<typeof Money>;
