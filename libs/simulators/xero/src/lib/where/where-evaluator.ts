import { parseXeroDate } from '../http/ms-date';
import { WhereLiteral, WhereNode } from './where-ast';

/** Reads a (possibly dotted) field of a rendered record. */
export type FieldReader = (field: string) => unknown;

export function readPath(record: Record<string, unknown>): FieldReader {
  return (field) =>
    field.split('.').reduce<unknown>((value, part) => {
      if (value === null || typeof value !== 'object') return undefined;
      return (value as Record<string, unknown>)[part];
    }, record);
}

/** Evaluates a parsed `where` clause against one record. */
export function matchesWhere(node: WhereNode, read: FieldReader): boolean {
  switch (node.kind) {
    case 'and':
      return matchesWhere(node.left, read) && matchesWhere(node.right, read);
    case 'or':
      return matchesWhere(node.left, read) || matchesWhere(node.right, read);
    case 'not':
      return !matchesWhere(node.operand, read);
    case 'method': {
      const value = read(node.field);
      if (typeof value !== 'string') return false;
      const haystack = value.toLowerCase();
      const needle = node.argument.toLowerCase();
      if (node.method === 'Contains') return haystack.includes(needle);
      if (node.method === 'StartsWith') return haystack.startsWith(needle);
      return haystack.endsWith(needle);
    }
    case 'compare': {
      const order = compareToLiteral(read(node.field), node.value);
      switch (node.operator) {
        case '==':
          return order === 0;
        case '!=':
          return order !== 0;
        case '>':
          return order !== undefined && order > 0;
        case '>=':
          return order !== undefined && order >= 0;
        case '<':
          return order !== undefined && order < 0;
        default:
          return order !== undefined && order <= 0;
      }
    }
  }
}

/** -1/0/1 comparing a field value with a literal; undefined when they cannot be ordered. */
function compareToLiteral(value: unknown, literal: WhereLiteral): number | undefined {
  const missing = value === undefined || value === null || value === '';
  if (literal.kind === 'null') return missing ? 0 : undefined;
  if (missing) return undefined;
  switch (literal.kind) {
    case 'string':
    case 'guid':
      return compareValues(String(value).toLowerCase(), literal.value.toLowerCase());
    case 'number':
      return compareValues(Number(value), literal.value);
    case 'boolean':
      return value === literal.value ? 0 : undefined;
    case 'date': {
      const ms = parseXeroDate(value);
      return ms === undefined ? undefined : compareValues(ms, literal.epochMs);
    }
  }
}

/** Orders two field values: dates by time, numbers numerically, text case-insensitively. */
export function compareFieldValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === undefined || a === null) return -1;
  if (b === undefined || b === null) return 1;
  const dateA = parseXeroDate(a);
  const dateB = parseXeroDate(b);
  if (dateA !== undefined && dateB !== undefined) return compareValues(dateA, dateB);
  if (typeof a === 'number' && typeof b === 'number') return compareValues(a, b);
  return compareValues(String(a).toLowerCase(), String(b).toLowerCase());
}

function compareValues<T extends string | number>(a: T, b: T): number {
  return a === b ? 0 : a < b ? -1 : 1;
}
