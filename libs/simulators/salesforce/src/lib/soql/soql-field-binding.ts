import { RecordStore } from '../records/record-store';
import { readFieldValue } from '../records/record-values';
import { SObjectRecord } from '../records/sobject-record';
import { FieldDefinition, FieldValue } from '../schema/field-definition';
import { OrgSchema, SObjectSchema } from '../schema/org-schema';
import { SoqlFieldRef } from './soql.ast';
import { SoqlQueryError } from './soql-query.error';

/** A field reference resolved against the schema: a field, or a parent's field. */
export interface BoundField {
  field: FieldDefinition;
  /** Set for `Account.Name`: the reference field and the parent's schema. */
  relationship?: { reference: FieldDefinition; name: string; parent: SObjectSchema };
}

export function bindField(
  schemas: OrgSchema,
  schema: SObjectSchema,
  ref: SoqlFieldRef,
): BoundField {
  if (ref.path.length === 1) {
    const field = schema.field(ref.path[0]);
    if (!field) throw noSuchColumn(ref.path[0], schema.name, ref.position);
    return { field };
  }
  const [relationshipName, fieldName] = ref.path;
  const reference = schema.relationship(relationshipName);
  const parent = reference?.referenceTo ? schemas.sobject(reference.referenceTo) : undefined;
  if (!reference || !parent) {
    throw new SoqlQueryError(
      'INVALID_FIELD',
      `Didn't understand relationship '${relationshipName}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`,
      ref.position,
    );
  }
  const field = parent.field(fieldName);
  if (!field) throw noSuchColumn(fieldName, parent.name, ref.position);
  return {
    field,
    relationship: { reference, name: reference.relationshipName ?? relationshipName, parent },
  };
}

/** The value of a bound field on a record (null when the parent is missing). */
export function boundValue(
  store: RecordStore,
  record: SObjectRecord,
  bound: BoundField,
): FieldValue {
  if (!bound.relationship) return readFieldValue(store, record, bound.field.name);
  const parent = parentOf(store, record, bound);
  return parent ? readFieldValue(store, parent, bound.field.name) : null;
}

export function parentOf(
  store: RecordStore,
  record: SObjectRecord,
  bound: BoundField,
): SObjectRecord | undefined {
  if (!bound.relationship) return undefined;
  const parentId = record.values[bound.relationship.reference.name];
  return typeof parentId === 'string' ? store.get(parentId) : undefined;
}

function noSuchColumn(name: string, entity: string, position: number): SoqlQueryError {
  return new SoqlQueryError(
    'INVALID_FIELD',
    `No such column '${name}' on entity '${entity}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
    position,
  );
}
