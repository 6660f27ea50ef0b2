import { canonicalJson } from '@concord/model';

export interface OverwrittenReportInput {
  /** The source system of the change. */
  system: string;
  /** The catalog record's content now. */
  current: Readonly<Record<string, unknown>>;
  /** The record as the connector read it afresh (canonical). */
  read: Readonly<Record<string, unknown>>;
  /** The change as the source's event reported it (canonical). */
  reported: Readonly<Record<string, unknown>>;
  /** The values the event's fields had before it (canonical): the base it was made on. */
  base: Readonly<Record<string, unknown>>;
  /** The origin of each field's latest change in the catalog (absent: never changed). */
  lastOrigin: ReadonlyMap<string, string>;
  /** Equality of two values of one field. */
  sameValue?: (field: string, a: unknown, b: unknown) => boolean;
}

const canonicalEqual = (_field: string, a: unknown, b: unknown): boolean =>
  canonicalJson(a ?? null) === canonicalJson(b ?? null);

/**
 * The fields of a reported change that Concord's own write overwrote in the source, when the
 * connector could not tell (it died between its external write and saving the link). A field
 * counts when the source now holds the catalog's value, that value came from another origin than
 * the source (so Concord wrote it there), and both the event and the catalog changed the field
 * away from the event's base: the two sides wrote it at once, a conflict. A value the source wrote
 * itself later (a newer event, read first) never counts, nor a field the event left as it found it.
 */
export function overwrittenFields(input: OverwrittenReportInput): string[] {
  const same = input.sameValue ?? canonicalEqual;
  const { current, read, reported, base } = input;
  return Object.keys(base).filter((field) => {
    const catalogValue = current[field] ?? null;
    const origin = input.lastOrigin.get(field);
    return (
      origin !== undefined &&
      origin !== input.system &&
      field in read &&
      same(field, read[field], catalogValue) &&
      field in reported &&
      !same(field, reported[field], catalogValue) &&
      !same(field, base[field], catalogValue) &&
      !same(field, reported[field], base[field])
    );
  });
}
