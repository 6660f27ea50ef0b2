import { DmlError } from '../http/salesforce-api.error';
import {
  formatSalesforceDate,
  formatSalesforceDateTime,
  parseSalesforceDate,
  parseSalesforceDateTime,
} from '../ids/salesforce-datetime';
import { keyPrefixOf, normalizeSalesforceId } from '../ids/salesforce-id';
import { FieldDefinition, FieldValue } from '../schema/field-definition';
import { OrgSchema, SObjectSchema } from '../schema/org-schema';
import { SObjectRecord } from './sobject-record';

export type WriteMode = 'create' | 'update';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Keys a client may send that are not fields (jsforce strips most, collections need these). */
const IGNORED_KEYS = new Set(['attributes', 'type']);

/**
 * Turns a JSON record body into canonical field values, refusing what Salesforce refuses:
 * unknown fields, read-only fields, wrong types, overlong text, bad emails, references to
 * records that do not exist or have the wrong type.
 */
export function coerceRecordInput(
  schemas: OrgSchema,
  schema: SObjectSchema,
  input: Record<string, unknown>,
  mode: WriteMode,
  lookup: (id: string) => SObjectRecord | undefined,
): Record<string, FieldValue> {
  const values: Record<string, FieldValue> = {};
  for (const [key, raw] of Object.entries(input)) {
    if (IGNORED_KEYS.has(key)) continue;
    const field = schema.field(key);
    if (!field) {
      throw new DmlError(
        'INVALID_FIELD',
        `No such column '${key}' on sobject of type ${schema.name}`,
        [key],
      );
    }
    if (field.name === 'Id' && mode === 'update') continue;
    const writable = mode === 'create' ? field.createable : field.updateable;
    if (!writable) {
      throw new DmlError(
        'INVALID_FIELD_FOR_INSERT_UPDATE',
        `Unable to create/update fields: ${field.name}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
        [field.name],
      );
    }
    values[field.name] = coerceValue(schemas, field, raw, lookup);
  }
  return values;
}

function coerceValue(
  schemas: OrgSchema,
  field: FieldDefinition,
  raw: unknown,
  lookup: (id: string) => SObjectRecord | undefined,
): FieldValue {
  if (raw === null || raw === undefined || raw === '') {
    if (!field.nillable) {
      throw new DmlError('REQUIRED_FIELD_MISSING', `Required fields are missing: [${field.name}]`, [
        field.name,
      ]);
    }
    return null;
  }
  const wrongType = (): DmlError =>
    new DmlError(
      'INVALID_TYPE_ON_FIELD_IN_RECORD',
      `${field.label}: value not of required type: ${String(raw)}`,
      [field.name],
    );
  switch (field.type) {
    case 'boolean':
      if (typeof raw === 'boolean') return raw;
      if (raw === 'true' || raw === 'false') return raw === 'true';
      throw wrongType();
    case 'int':
    case 'double':
    case 'currency': {
      const value = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw) : NaN;
      if (!Number.isFinite(value)) throw wrongType();
      if (field.type === 'int' && !Number.isInteger(value)) throw wrongType();
      return value;
    }
    case 'date': {
      const ms = typeof raw === 'string' ? parseSalesforceDate(raw.slice(0, 10)) : undefined;
      if (ms === undefined) throw wrongType();
      return formatSalesforceDate(ms);
    }
    case 'datetime': {
      const ms = typeof raw === 'string' ? parseSalesforceDateTime(raw) : undefined;
      if (ms === undefined) throw wrongType();
      return formatSalesforceDateTime(ms);
    }
    case 'reference':
      return coerceReference(schemas, field, raw, lookup);
    default:
      return coerceText(field, raw, wrongType);
  }
}

function coerceText(field: FieldDefinition, raw: unknown, wrongType: () => DmlError): string {
  if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') {
    throw wrongType();
  }
  const value = String(raw);
  if (field.length !== undefined && value.length > field.length) {
    throw new DmlError(
      'STRING_TOO_LONG',
      `${field.label}: data value too large: ${value.slice(0, 20)}... (max length=${field.length})`,
      [field.name],
    );
  }
  if (field.type === 'email' && !EMAIL.test(value)) {
    throw new DmlError('INVALID_EMAIL_ADDRESS', `${field.label}: invalid email address: ${value}`, [
      field.name,
    ]);
  }
  return value;
}

function coerceReference(
  schemas: OrgSchema,
  field: FieldDefinition,
  raw: unknown,
  lookup: (id: string) => SObjectRecord | undefined,
): string {
  const id = typeof raw === 'string' ? normalizeSalesforceId(raw) : undefined;
  const target = field.referenceTo ? schemas.sobject(field.referenceTo) : undefined;
  if (id === undefined || (target && keyPrefixOf(id) !== target.keyPrefix)) {
    throw new DmlError(
      'MALFORMED_ID',
      `${field.label}: id value of incorrect type: ${String(raw)}`,
      [field.name],
    );
  }
  if (target) {
    const record = lookup(id);
    if (!record || record.deletedAt !== null) {
      throw new DmlError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', [field.name]);
    }
  }
  return id;
}
