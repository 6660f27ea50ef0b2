import { canonicalJson, type ConnectionSettings, type EntityType } from '@concord/model';

export type ConflictPolicy = ConnectionSettings['conflictPolicy'];

/** Which side's value a conflict kept. */
export type ConflictWinner = 'catalog' | 'external';

export interface FieldConflict {
  field: string;
  catalogValue: unknown;
  externalValue: unknown;
  winner: ConflictWinner;
  /** What decided: the default strategy (`last-writer-wins`, ...) or `owner:<origin>`. */
  rule: string;
}

export interface FieldResolutionInput {
  entityType: EntityType;
  system: string;
  /** The local record's content now. */
  current: Readonly<Record<string, unknown>>;
  /** The external record's content as last synced; null when the two were never in sync. */
  baseline: Readonly<Record<string, unknown>> | null;
  /** The fields the source reported, in canonical form (references already resolved). */
  incoming: Readonly<Record<string, unknown>>;
  /** When the source changed. */
  changedAt: Date;
  /** When the catalog side (any origin but this system) last changed a field. */
  localChangedAt: (field: string) => Date;
  policy: ConflictPolicy;
  /** Equality of two values of one field; defaults to canonical JSON equality. */
  sameValue?: (field: string, a: unknown, b: unknown) => boolean;
}

export interface FieldResolution {
  /** The reported fields whose external value the record takes. */
  taken: Record<string, unknown>;
  /** Fields changed on both sides since the last sync, and how each was resolved. */
  conflicts: FieldConflict[];
  /** Reported changes not taken because another side owns the field (and no conflict arose). */
  ignoredByOwnership: string[];
}

const canonicalEqual = (_field: string, a: unknown, b: unknown): boolean =>
  canonicalJson(a ?? null) === canonicalJson(b ?? null);

/**
 * Decides, field by field, what an inbound change may write. A field changed "externally" when the
 * reported value differs from the last synced one, and "locally" when the catalog's value does;
 * without a last synced content (a record matched by key) every differing field counts as changed
 * on both sides. A field owner always wins its field (an owned field is only ever taken from its
 * owner); otherwise a field changed only externally is taken, and one changed on both sides is a
 * conflict resolved by the default strategy. Last-writer-wins compares the source's `changedAt`
 * with the last local change of that field; the catalog keeps ties.
 */
export function resolveFields(input: FieldResolutionInput): FieldResolution {
  const same = input.sameValue ?? canonicalEqual;
  const { current, baseline, incoming, policy } = input;
  const resolution: FieldResolution = { taken: {}, conflicts: [], ignoredByOwnership: [] };
  for (const [field, externalValue] of Object.entries(incoming)) {
    if (externalValue === undefined) continue;
    const catalogValue = current[field] ?? null;
    if (same(field, externalValue, catalogValue)) continue;
    const known = baseline !== null && field in baseline;
    const externalChanged = !known || !same(field, externalValue, baseline[field]);
    if (!externalChanged) continue;
    const catalogChanged = !known || !same(field, catalogValue, baseline[field]);
    const owner = policy.fieldOwners.find(
      (entry) => entry.entityType === input.entityType && entry.field === field,
    )?.owner;
    let winner: ConflictWinner;
    let rule: string;
    if (owner !== undefined) {
      winner = owner === input.system ? 'external' : 'catalog';
      rule = `owner:${owner}`;
      if (!catalogChanged && winner === 'catalog') {
        resolution.ignoredByOwnership.push(field);
        continue;
      }
    } else if (!catalogChanged) {
      winner = 'external';
      rule = '';
    } else {
      rule = policy.default;
      winner = defaultWinner(policy.default, input.changedAt, input.localChangedAt(field));
    }
    if (winner === 'external') resolution.taken[field] = externalValue;
    if (catalogChanged) {
      resolution.conflicts.push({ field, catalogValue, externalValue, winner, rule });
    }
  }
  return resolution;
}

function defaultWinner(
  strategy: ConflictPolicy['default'],
  externalChangedAt: Date,
  localChangedAt: Date,
): ConflictWinner {
  if (strategy === 'catalog-wins') return 'catalog';
  if (strategy === 'external-wins') return 'external';
  return externalChangedAt.getTime() > localChangedAt.getTime() ? 'external' : 'catalog';
}
