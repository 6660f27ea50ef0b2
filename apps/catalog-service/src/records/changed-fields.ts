import { canonicalJson } from '@concord/model';

/**
 * The content fields whose values differ between two versions of a record, in the order of
 * `fields`. Values compare by canonical JSON, so key order inside objects does not count.
 */
export function changedFields<T extends object>(
  before: T,
  after: T,
  fields: ReadonlyArray<keyof T & string>,
): string[] {
  return fields.filter((field) => canonicalJson(before[field]) !== canonicalJson(after[field]));
}
