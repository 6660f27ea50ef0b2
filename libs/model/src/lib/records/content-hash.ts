import { createHash } from 'node:crypto';

import type { EntityType } from '../primitives/primitives.schema';
import type { ContentByEntityType } from './entity-schemas';

function canonicalize(value: unknown, path: string): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`Cannot hash non-finite number at ${path}`);
    return value;
  }
  if (Array.isArray(value)) {
    // JSON has no undefined array element; it means "absent" here just as it does in objects.
    return value.map((item, index) =>
      item === undefined ? null : canonicalize(item, `${path}.${index}`),
    );
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(
      entries.map(([key, item]) => [key, canonicalize(item, `${path}.${key}`)]),
    );
  }
  throw new TypeError(`Cannot hash a ${typeof value} at ${path}`);
}

/**
 * JSON with object keys sorted (by code unit) and undefined properties dropped, so equal content
 * gives equal text whatever order its keys were built in. Array order is kept: it is meaningful.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonicalize(value, '(root)'));
}

/**
 * SHA-256 (hex) of a record's content, for echo suppression and "skip if unchanged". The entity
 * type is part of the hash so a product and a customer can never share one.
 */
export function contentHash<E extends EntityType>(
  entityType: E,
  content: ContentByEntityType[E],
): string {
  return createHash('sha256')
    .update(`${entityType}\n${canonicalJson(content)}`)
    .digest('hex');
}
