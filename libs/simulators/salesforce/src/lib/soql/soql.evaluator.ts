import { RecordStore } from '../records/record-store';
import { readFieldValue } from '../records/record-values';
import { SObjectRecord } from '../records/sobject-record';
import { OrgSchema, SObjectSchema } from '../schema/org-schema';
import { SoqlCondition, SoqlQuery } from './soql.ast';
import {
  comparableOf,
  compare,
  likeMatcher,
  orderValues,
  ResolvedLiteral,
  resolveLiteral,
} from './soql-comparison';
import { bindField, BoundField, boundValue, parentOf } from './soql-field-binding';
import { SoqlQueryError } from './soql-query.error';

export const MAX_OFFSET = 2000;

export interface SoqlContext {
  schema: OrgSchema;
  store: RecordStore;
  version: string;
  now: number;
  /** queryAll: deleted records (IsDeleted = true) are included. */
  includeDeleted: boolean;
}

export interface SoqlResult {
  totalSize: number;
  /** Rendered rows; empty for COUNT(). */
  records: Record<string, unknown>[];
}

type Predicate = (record: SObjectRecord) => boolean;

/** Runs a parsed query against an org's records, Salesforce's semantics for the subset. */
export function executeSoql(query: SoqlQuery, context: SoqlContext): SoqlResult {
  const schema = context.schema.sobject(query.from.name);
  if (!schema) {
    throw new SoqlQueryError(
      'INVALID_TYPE',
      `sObject type '${query.from.name}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
      query.from.position,
    );
  }
  const select =
    query.select === 'count'
      ? []
      : query.select.map((ref) => bindField(context.schema, schema, ref));
  const where = query.where ? predicate(context, schema, query.where) : () => true;
  const order = query.orderBy.map((item) => ({
    ...item,
    bound: bindField(context.schema, schema, item.field),
  }));
  if (query.offset !== undefined && query.offset > MAX_OFFSET) {
    throw new SoqlQueryError('MALFORMED_QUERY', `Maximum SOQL offset allowed is ${MAX_OFFSET}`);
  }
  let rows: SObjectRecord[] = [];
  for (const record of context.store.ofType(schema.name)) {
    if (record.deletedAt !== null && !context.includeDeleted) continue;
    if (where(record)) rows.push(record);
  }
  if (order.length > 0) {
    rows = rows
      .map((record) => ({
        record,
        keys: order.map((item) =>
          comparableOf(item.bound.field, boundValue(context.store, record, item.bound)),
        ),
      }))
      .sort((a, b) => {
        for (let i = 0; i < order.length; i += 1) {
          const [x, y] = [a.keys[i], b.keys[i]];
          if (x === y) continue;
          if (x === null || y === null) return (x === null) === order[i].nullsLast ? 1 : -1;
          const result = orderValues(x, y);
          return order[i].descending ? -result : result;
        }
        return 0;
      })
      .map((entry) => entry.record);
  }
  rows = rows.slice(
    query.offset ?? 0,
    query.limit === undefined ? undefined : (query.offset ?? 0) + query.limit,
  );
  if (query.select === 'count') return { totalSize: rows.length, records: [] };
  return {
    totalSize: rows.length,
    records: rows.map((record) => renderRow(context, schema, record, select)),
  };
}

function predicate(
  context: SoqlContext,
  schema: SObjectSchema,
  condition: SoqlCondition,
): Predicate {
  switch (condition.kind) {
    case 'and': {
      const parts = condition.operands.map((operand) => predicate(context, schema, operand));
      return (record) => parts.every((part) => part(record));
    }
    case 'or': {
      const parts = condition.operands.map((operand) => predicate(context, schema, operand));
      return (record) => parts.some((part) => part(record));
    }
    case 'not': {
      const inner = predicate(context, schema, condition.operand);
      return (record) => !inner(record);
    }
    case 'compare': {
      const bound = bindField(context.schema, schema, condition.field);
      const literal = resolveLiteral(bound.field, condition.value, context.now, condition.position);
      return (record) => compare(valueOf(context, record, bound), condition.operator, literal);
    }
    case 'in': {
      const bound = bindField(context.schema, schema, condition.field);
      const literals: ResolvedLiteral[] = condition.values.map((value) =>
        resolveLiteral(bound.field, value, context.now, condition.position),
      );
      return (record) => {
        const actual = valueOf(context, record, bound);
        const found = literals.some((literal) => compare(actual, '=', literal));
        return condition.negated ? !found : found;
      };
    }
    case 'like': {
      const bound = bindField(context.schema, schema, condition.field);
      if (!['string', 'textarea', 'email', 'phone', 'url', 'picklist'].includes(bound.field.type)) {
        throw new SoqlQueryError(
          'INVALID_FIELD',
          `invalid operator on ${bound.field.type} field: LIKE on ${bound.field.name}`,
          condition.position,
        );
      }
      const matcher = likeMatcher(condition.pattern);
      return (record) => {
        const value = boundValue(context.store, record, bound);
        return value !== null && matcher.test(String(value));
      };
    }
  }
}

function valueOf(context: SoqlContext, record: SObjectRecord, bound: BoundField) {
  return comparableOf(bound.field, boundValue(context.store, record, bound));
}

/** Selected fields in query order; a parent's fields nest under the relationship name. */
function renderRow(
  context: SoqlContext,
  schema: SObjectSchema,
  record: SObjectRecord,
  select: BoundField[],
): Record<string, unknown> {
  const row: Record<string, unknown> = {
    attributes: { type: schema.name, url: url(context, schema.name, record.id) },
  };
  for (const bound of select) {
    if (!bound.relationship) {
      row[bound.field.name] = readFieldValue(context.store, record, bound.field.name);
      continue;
    }
    const { name, parent: parentSchema } = bound.relationship;
    const parent = parentOf(context.store, record, bound);
    if (!parent) {
      row[name] = null;
      continue;
    }
    const nested = (row[name] as Record<string, unknown> | undefined | null) ?? {
      attributes: { type: parentSchema.name, url: url(context, parentSchema.name, parent.id) },
    };
    nested[bound.field.name] = readFieldValue(context.store, parent, bound.field.name);
    row[name] = nested;
  }
  return row;
}

function url(context: SoqlContext, type: string, id: string): string {
  return `/services/data/v${context.version}/sobjects/${type}/${id}`;
}
