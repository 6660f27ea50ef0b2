import '../formats/string-formats';

import { type Static, Type } from '@sinclair/typebox';

import { LiteralUnion } from './schema-helpers';

export const TenantId = Type.String({
  pattern: '^[a-z0-9][a-z0-9_-]{1,62}$',
  description: 'Tenant identifier: lower-case letters, digits, "_" and "-", 2 to 63 characters.',
});
export type TenantId = Static<typeof TenantId>;

export const Uuid = Type.String({ format: 'uuid', description: 'A UUID.' });
export type Uuid = Static<typeof Uuid>;

export const EntityId = Type.String({
  format: 'uuid',
  description: "Concord's own id of a catalog record (UUID).",
});
export type EntityId = Static<typeof EntityId>;

export const EntityVersion = Type.Integer({
  minimum: 1,
  description: 'Version of a record; starts at 1 and grows by one with every committed change.',
});
export type EntityVersion = Static<typeof EntityVersion>;

export const KnownSystems = ['stripe', 'salesforce', 'xero'] as const;
export type KnownSystem = (typeof KnownSystems)[number];

export const EXTERNAL_SYSTEM_PATTERN = '^[a-z][a-z0-9-]{1,30}$';
export const ExternalSystem = Type.String({
  pattern: EXTERNAL_SYSTEM_PATTERN,
  description: 'Name of an external system, e.g. "stripe", "salesforce", "xero".',
});
export type ExternalSystem = Static<typeof ExternalSystem>;

export function isExternalSystem(value: string): boolean {
  return new RegExp(EXTERNAL_SYSTEM_PATTERN).test(value);
}

export const EntityTypes = ['customer', 'product', 'invoice'] as const;
export const EntityType = LiteralUnion(EntityTypes, { description: 'Kind of catalog record.' });
export type EntityType = Static<typeof EntityType>;

/** The origin of a change made in Concord itself (through the catalog API). */
export const CATALOG_ORIGIN = 'catalog' as const;
export const Origin = Type.Union([Type.Literal(CATALOG_ORIGIN), ExternalSystem], {
  description: 'Where a change came from: "catalog" or the external system it was observed in.',
});
export type Origin = Static<typeof Origin>;

export const IsoTimestamp = Type.String({
  format: 'date-time',
  description: 'RFC 3339 date-time with offset, e.g. 2025-06-01T10:20:30.000Z.',
});
export type IsoTimestamp = Static<typeof IsoTimestamp>;

export const IsoDate = Type.String({ format: 'date', description: 'Calendar date, YYYY-MM-DD.' });
export type IsoDate = Static<typeof IsoDate>;

export const Email = Type.String({
  format: 'email',
  maxLength: 254,
  description: 'Email address.',
});
export type Email = Static<typeof Email>;

export const CountryCode = Type.String({
  pattern: '^[A-Z]{2}$',
  description: 'ISO 3166-1 alpha-2 country code, e.g. "DE".',
});
export type CountryCode = Static<typeof CountryCode>;

export const ExternalId = Type.String({
  minLength: 1,
  maxLength: 255,
  description: 'Id of a record in an external system (e.g. cus_123 in Stripe).',
});
export type ExternalId = Static<typeof ExternalId>;

export const ContentHash = Type.String({
  pattern: '^[0-9a-f]{64}$',
  description: 'SHA-256 (hex) of the canonical JSON of a record content, see contentHash().',
});
export type ContentHash = Static<typeof ContentHash>;

export const Metadata = Type.Record(
  Type.String({ pattern: '^.{1,40}$' }),
  Type.String({ maxLength: 500 }),
  {
    additionalProperties: false,
    maxProperties: 50,
    description: 'Free key/value pairs: at most 50 keys of 1 to 40 characters, values up to 500.',
  },
);
export type Metadata = Static<typeof Metadata>;
