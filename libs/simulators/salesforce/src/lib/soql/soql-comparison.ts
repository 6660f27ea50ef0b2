import { DAY_MS, parseSalesforceDate, parseSalesforceDateTime } from '../ids/salesforce-datetime';
import { normalizeSalesforceId } from '../ids/salesforce-id';
import { FieldDefinition, FieldValue } from '../schema/field-definition';
import { SoqlComparison, SoqlValue } from './soql.ast';
import { SoqlQueryError } from './soql-query.error';

/** A value reduced to something `<` can order: lower-cased text, epoch ms, numbers, booleans. */
export type Comparable = string | number | boolean | null;

/** A literal resolved for one field: a point, or a day range for date literals. */
export type ResolvedLiteral =
  { kind: 'point'; value: Comparable } | { kind: 'range'; start: number; end: number };

type Family = 'text' | 'id' | 'number' | 'boolean' | 'date' | 'datetime';

export function familyOf(field: FieldDefinition): Family {
  switch (field.type) {
    case 'id':
    case 'reference':
      return 'id';
    case 'int':
    case 'double':
    case 'currency':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'date':
      return 'date';
    case 'datetime':
      return 'datetime';
    default:
      return 'text';
  }
}

/** A record's value in comparable form. */
export function comparableOf(field: FieldDefinition, value: FieldValue): Comparable {
  if (value === null) return null;
  switch (familyOf(field)) {
    case 'text':
    case 'id':
      return String(value).toLowerCase();
    case 'date':
      return parseSalesforceDate(String(value)) ?? null;
    case 'datetime':
      return parseSalesforceDateTime(String(value)) ?? null;
    default:
      return value;
  }
}

/** Checks a literal against the field's type, as Salesforce does, and resolves it. */
export function resolveLiteral(
  field: FieldDefinition,
  literal: SoqlValue,
  now: number,
  position: number,
): ResolvedLiteral {
  if (literal.kind === 'null') return { kind: 'point', value: null };
  const family = familyOf(field);
  const mismatch = (expected: string, quoted: boolean): SoqlQueryError =>
    new SoqlQueryError(
      'INVALID_FIELD',
      `value of filter criterion for field '${field.name}' must be of type ${expected} and should ${quoted ? '' : 'not '}be enclosed in quotes`,
      position,
    );
  switch (family) {
    case 'text':
      if (literal.kind !== 'string') throw mismatch('string', true);
      return { kind: 'point', value: literal.value.toLowerCase() };
    case 'id': {
      if (literal.kind !== 'string') throw mismatch('string', true);
      const id = normalizeSalesforceId(literal.value);
      if (!id) {
        throw new SoqlQueryError(
          'INVALID_QUERY_FILTER_OPERATOR',
          `invalid ID field: ${literal.value}`,
          position,
        );
      }
      return { kind: 'point', value: id.toLowerCase() };
    }
    case 'number':
      if (literal.kind !== 'number') throw mismatch('double', false);
      return { kind: 'point', value: literal.value };
    case 'boolean':
      if (literal.kind !== 'boolean') throw mismatch('boolean', false);
      return { kind: 'point', value: literal.value };
    case 'date':
    case 'datetime':
      if (literal.kind === 'dateLiteral') return dateRange(literal.name, literal.n ?? 0, now);
      if (family === 'date' && literal.kind === 'date') return { kind: 'point', value: literal.ms };
      if (family === 'datetime' && literal.kind === 'datetime') {
        return { kind: 'point', value: literal.ms };
      }
      throw mismatch(family === 'date' ? 'date' : 'dateTime', false);
  }
}

/** Whether `actual <operator> literal` holds; null only equals null. */
export function compare(
  actual: Comparable,
  operator: SoqlComparison,
  literal: ResolvedLiteral,
): boolean {
  if (literal.kind === 'range') {
    if (actual === null || typeof actual !== 'number') return operator === '!=' && actual === null;
    const inRange = actual >= literal.start && actual < literal.end;
    switch (operator) {
      case '=':
        return inRange;
      case '!=':
        return !inRange;
      case '<':
        return actual < literal.start;
      case '<=':
        return actual < literal.end;
      case '>':
        return actual >= literal.end;
      case '>=':
        return actual >= literal.start;
    }
  }
  const expected = literal.value;
  if (operator === '=') return actual === expected;
  if (operator === '!=') return actual !== expected;
  if (actual === null || expected === null) return false;
  const order = orderValues(actual, expected);
  switch (operator) {
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    case '>':
      return order > 0;
    default:
      return order >= 0;
  }
}

export function orderValues(a: Comparable, b: Comparable): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}

/** SOQL LIKE: `%` any run, `_` one character, `\%` and `\_` literal, case-insensitive. */
export function likeMatcher(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i += 1) {
    const char = pattern[i];
    if (char === '\\' && (pattern[i + 1] === '%' || pattern[i + 1] === '_')) {
      source += `\\${pattern[i + 1]}`;
      i += 1;
    } else if (char === '%') source += '.*';
    else if (char === '_') source += '.';
    else source += char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'is');
}

function dateRange(name: string, n: number, now: number): ResolvedLiteral {
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  switch (name) {
    case 'YESTERDAY':
      return { kind: 'range', start: today - DAY_MS, end: today };
    case 'TOMORROW':
      return { kind: 'range', start: today + DAY_MS, end: today + 2 * DAY_MS };
    case 'LAST_N_DAYS':
      return { kind: 'range', start: today - n * DAY_MS, end: today + DAY_MS };
    case 'NEXT_N_DAYS':
      return { kind: 'range', start: today + DAY_MS, end: today + (n + 1) * DAY_MS };
    default:
      return { kind: 'range', start: today, end: today + DAY_MS };
  }
}
