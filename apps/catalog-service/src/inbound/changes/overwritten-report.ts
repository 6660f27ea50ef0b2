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
  /** When another origin than the source last changed each field in the catalog. */
  localChangedAt: ReadonlyMap<string, Date>;
  /** When the source changed. */
  changedAt: Date;
  /** Equality of two values of one field. */
  sameValue?: (field: string, a: unknown, b: unknown) => boolean;
}

/** How close a catalog edit and a source edit of one field must be to have been made at once. */
export const CONCURRENT_EDIT_WINDOW_MS = 2_000;

/** Whether the catalog changed a field within the window around the source's change. */
function changedAtOnce(
  localChangedAt: ReadonlyMap<string, Date>,
  field: string,
  changedAt: Date,
): boolean {
  const local = localChangedAt.get(field);
  return (
    local !== undefined &&
    Math.abs(local.getTime() - changedAt.getTime()) <= CONCURRENT_EDIT_WINDOW_MS
  );
}

const canonicalEqual = (_field: string, a: unknown, b: unknown): boolean =>
  canonicalJson(a ?? null) === canonicalJson(b ?? null);

/**
 * The fields of a reported change that Concord's own write overwrote in the source, when the
 * connector could not tell (it died between its external write and saving the link). A field
 * counts when the source now holds the catalog's value, that value came from another origin than
 * the source (so Concord wrote it there) within `CONCURRENT_EDIT_WINDOW_MS` of the source's
 * change, and both the event and the catalog changed the field
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
      changedAtOnce(input.localChangedAt, field, input.changedAt) &&
      field in read &&
      same(field, read[field], catalogValue) &&
      field in reported &&
      !same(field, reported[field], catalogValue) &&
      !same(field, base[field], catalogValue) &&
      !same(field, reported[field], base[field])
    );
  });
}

export interface ConcurrentEditInput {
  /** The source system of the change. */
  system: string;
  /** The fields the change would take without a conflict. */
  taken: readonly string[];
  /** The external record as last synced (what Concord last wrote there, or took from it). */
  baseline: Readonly<Record<string, unknown>> | null;
  /** The values the event's fields had before it (canonical): the base it was made on. */
  base: Readonly<Record<string, unknown>>;
  /** The origin of each field's latest change in the catalog. */
  lastOrigin: ReadonlyMap<string, string>;
  /** When another origin than the source last changed each field in the catalog. */
  localChangedAt: ReadonlyMap<string, Date>;
  /** When the source changed. */
  changedAt: Date;
  /** Equality of two values of one field. */
  sameValue?: (field: string, a: unknown, b: unknown) => boolean;
}

/**
 * The fields of a source change that both sides wrote at once although the baseline says the
 * source held Concord's value: the source read the record before Concord's write landed, and
 * the write's outcome reached the catalog first. Such a field was changed on a base older than
 * the baseline (the event's `previous`), the catalog's value came from another origin, and the
 * catalog wrote it within `CONCURRENT_EDIT_WINDOW_MS` of the source's change (either way). Resolved against
 * the event's base, it is the conflict it was. Edits of one side only, reordered deliveries
 * included, never count: the catalog's value would be the source's own, or much older.
 */
export function concurrentFields(input: ConcurrentEditInput): string[] {
  const same = input.sameValue ?? canonicalEqual;
  const { baseline, base } = input;
  if (baseline === null) return [];
  return input.taken.filter((field) => {
    const origin = input.lastOrigin.get(field);
    return (
      field in base &&
      field in baseline &&
      !same(field, base[field], baseline[field]) &&
      origin !== undefined &&
      origin !== input.system &&
      changedAtOnce(input.localChangedAt, field, input.changedAt)
    );
  });
}
