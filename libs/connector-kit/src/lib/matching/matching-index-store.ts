/**
 * Where a backfill's matching indexes live: one index per connection, entity type and backfill
 * run, mapping a matching-key value to the unclaimed external record that has it, and a catalog id
 * to the external record that carries (or claimed) it. Fields:
 * - `k:<key>\0<value>`: an external record no catalog record has yet, by one of its key values;
 * - `c:<catalogId>`: the external record of a catalog record (written by Concord, or claimed);
 * - `x:<externalId>`: the catalog id that claimed the external record, so a record found under two
 *   keys (a product's SKU and its name) is claimed once.
 */
export interface MatchingIndexStore {
  /** The most external records one index holds; a larger system is looked up per record. */
  readonly maxRecords: number;
  /** Whether the index was built (`ready`), found too large (`too-large`), or not yet (`missing`). */
  status(index: string): Promise<MatchingIndexStatus>;
  /** Adds one page of entries while building (existing fields are kept: a rebuild is harmless). */
  load(
    index: string,
    entries: ReadonlyArray<readonly [field: string, value: string]>,
  ): Promise<void>;
  /** Ends a build: lookups may use the index (`ready`), or never will (`too-large`). */
  finish(index: string, status: Exclude<MatchingIndexStatus, 'missing'>): Promise<void>;
  /**
   * The external record of catalog record `catalogId`: the one carrying or claimed for its id, else
   * the first unclaimed one found under `keyFields` (claimed for it in the same atomic step).
   * `missing` or `too-large` when the index cannot answer.
   */
  match(index: string, catalogId: string, keyFields: readonly string[]): Promise<MatchAnswer>;
  /** Records that the catalog record was written as `externalId` (a ready index only). */
  claim(index: string, catalogId: string, externalId: string): Promise<void>;
}

export type MatchingIndexStatus = 'ready' | 'too-large' | 'missing';

export type MatchAnswer =
  | { status: 'ready'; externalId: string | null }
  | { status: Exclude<MatchingIndexStatus, 'ready'> };

export const READY_FIELD = '__status';

export function keyField(key: string, value: string): string {
  return `k:${key}\u0000${value}`;
}

export function catalogField(catalogId: string): string {
  return `c:${catalogId}`;
}

export function claimField(externalId: string): string {
  return `x:${externalId}`;
}

/**
 * A single replica's indexes, in its heap. Bounded: at most {@link IN_PROCESS_MAX_RECORDS} records
 * per index (each record costs some hundreds of bytes: about 25 MB at the bound) and the
 * {@link IN_PROCESS_MAX_INDEXES} newest indexes (a backfill run has one per entity type).
 */
export class InProcessMatchingIndexStore implements MatchingIndexStore {
  readonly maxRecords = IN_PROCESS_MAX_RECORDS;
  private readonly indexes = new Map<string, Map<string, string>>();

  status(index: string): Promise<MatchingIndexStatus> {
    return Promise.resolve(statusOf(this.indexes.get(index)?.get(READY_FIELD)));
  }

  load(index: string, entries: ReadonlyArray<readonly [string, string]>): Promise<void> {
    const fields = this.open(index);
    for (const [field, value] of entries) if (!fields.has(field)) fields.set(field, value);
    return Promise.resolve();
  }

  finish(index: string, status: Exclude<MatchingIndexStatus, 'missing'>): Promise<void> {
    const fields = this.open(index);
    // A system too large to index keeps only its verdict, not the entries read so far.
    if (status === 'too-large') fields.clear();
    fields.set(READY_FIELD, status);
    return Promise.resolve();
  }

  match(index: string, catalogId: string, keyFields: readonly string[]): Promise<MatchAnswer> {
    const fields = this.indexes.get(index);
    const status = statusOf(fields?.get(READY_FIELD));
    if (status !== 'ready' || !fields) return Promise.resolve({ status } as MatchAnswer);
    const own = fields.get(catalogField(catalogId));
    if (own !== undefined) return Promise.resolve({ status, externalId: own });
    for (const field of keyFields) {
      const externalId = fields.get(field);
      if (externalId === undefined) continue;
      fields.delete(field);
      if (fields.has(claimField(externalId))) continue;
      fields.set(claimField(externalId), catalogId);
      fields.set(catalogField(catalogId), externalId);
      return Promise.resolve({ status, externalId });
    }
    return Promise.resolve({ status, externalId: null });
  }

  claim(index: string, catalogId: string, externalId: string): Promise<void> {
    const fields = this.indexes.get(index);
    if (fields?.get(READY_FIELD) === 'ready') {
      fields.set(catalogField(catalogId), externalId);
      fields.set(claimField(externalId), catalogId);
    }
    return Promise.resolve();
  }

  private open(index: string): Map<string, string> {
    let fields = this.indexes.get(index);
    if (!fields) {
      fields = new Map();
      this.indexes.set(index, fields);
      // Maps iterate in insertion order: the first is the oldest index.
      while (this.indexes.size > IN_PROCESS_MAX_INDEXES) {
        const oldest = this.indexes.keys().next().value as string;
        this.indexes.delete(oldest);
      }
    }
    return fields;
  }
}

export const IN_PROCESS_MAX_RECORDS = 50_000;
export const IN_PROCESS_MAX_INDEXES = 6;

export function statusOf(value: string | null | undefined): MatchingIndexStatus {
  return value === 'ready' || value === 'too-large' ? value : 'missing';
}
