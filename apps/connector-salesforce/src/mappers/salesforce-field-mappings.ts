import type { EntityType, FieldMapping } from '@concord/model';

import { CONCORD_ID_FIELD } from './salesforce-settings';

/** A value Salesforce's REST API accepts in a record (null clears the field). */
export type SalesforceValue = string | number | boolean | null;
/** Fields of one record as sent to or read from Salesforce. */
export type SalesforceFields = Record<string, SalesforceValue>;

const CUSTOM_FIELD = /^[A-Za-z][A-Za-z0-9_]{0,36}__c$/;
const METADATA_FIELD = /^metadata\.([^.[\]]{1,40})$/;

/** Canonical text fields a mapping may move to a custom field, both ways. */
const MAPPABLE_FIELDS: Partial<Record<EntityType, readonly string[]>> = {
  customer: ['email', 'phone'],
  product: ['description', 'sku'],
};

/**
 * Salesforce field mappings: a canonical text field (`email`, `phone` of customers; `description`,
 * `sku` of products) or a custom field (`metadata.<key>`) to a custom field of the object
 * (`Tier__c`). A mapped canonical field is written to and read from the custom field instead of
 * the standard one. Custom `metadata.<key>` fields go out only: the catalog replaces a record's
 * metadata as a whole, so reading one key back would drop the others.
 */
export function salesforceFieldMappingProblem(mapping: FieldMapping): string | null {
  const mappable = MAPPABLE_FIELDS[mapping.entityType];
  if (!mappable) return 'salesforce syncs customers and products only';
  if (!CUSTOM_FIELD.test(mapping.externalField)) {
    return 'salesforce maps to custom fields only (a name ending in __c)';
  }
  if (mapping.externalField.toLowerCase() === CONCORD_ID_FIELD.toLowerCase()) {
    return `${CONCORD_ID_FIELD} carries the catalog id`;
  }
  if (METADATA_FIELD.test(mapping.canonicalField)) {
    return mapping.direction === 'outbound'
      ? null
      : 'metadata.<key> maps outbound only (the catalog replaces metadata as a whole)';
  }
  if (!mappable.includes(mapping.canonicalField)) {
    return `salesforce maps ${mappable.join(', ')} or metadata.<key> of a ${mapping.entityType}`;
  }
  return null;
}

/** The supported mappings of a connection that apply in one direction. */
function applicable(
  mappings: readonly FieldMapping[],
  direction: 'inbound' | 'outbound',
): FieldMapping[] {
  return mappings.filter(
    (m) =>
      salesforceFieldMappingProblem(m) === null &&
      (m.direction === undefined || m.direction === 'both' || m.direction === direction),
  );
}

/** The canonical fields the mappings take away from their standard Salesforce fields. */
export function remappedCanonicalFields(mappings: readonly FieldMapping[]): Set<string> {
  return new Set(
    mappings.filter((m) => salesforceFieldMappingProblem(m) === null).map((m) => m.canonicalField),
  );
}

/** Custom fields to write: each outbound mapping's canonical value under its Salesforce name. */
export function mappedFieldsOut(
  content: { metadata?: Readonly<Record<string, string>> } & Readonly<Record<string, unknown>>,
  mappings: readonly FieldMapping[],
): SalesforceFields {
  const fields: SalesforceFields = {};
  for (const mapping of applicable(mappings, 'outbound')) {
    const key = METADATA_FIELD.exec(mapping.canonicalField)?.[1];
    const value = key === undefined ? content[mapping.canonicalField] : content.metadata?.[key];
    fields[mapping.externalField] = typeof value === 'string' ? value : null;
  }
  return fields;
}

/** Canonical values read from the custom fields of inbound mappings. */
export function mappedFieldsIn(
  record: Readonly<Record<string, unknown>>,
  mappings: readonly FieldMapping[],
): Record<string, string | null> {
  const values: Record<string, string | null> = {};
  for (const mapping of applicable(mappings, 'inbound')) {
    const value = record[mapping.externalField];
    values[mapping.canonicalField] = typeof value === 'string' && value !== '' ? value : null;
  }
  return values;
}

/** Canonical customer fields a primary Contact holds (the person) under `AccountWithContact`. */
const PERSON_FIELDS: readonly string[] = ['email', 'phone'];

/**
 * A customer's mappings split between its Account and its primary Contact: `email`/`phone` go to
 * the Contact's custom fields, `metadata.<key>` to the Account's.
 */
export function mappingsByRecord(mappings: readonly FieldMapping[]): {
  account: FieldMapping[];
  contact: FieldMapping[];
} {
  return {
    account: mappings.filter((m) => !PERSON_FIELDS.includes(m.canonicalField)),
    contact: mappings.filter((m) => PERSON_FIELDS.includes(m.canonicalField)),
  };
}
