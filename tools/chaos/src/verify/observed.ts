import type { EntityKind } from '../workload/oracle';

/** A record as one side holds it, reduced to the fields the workload writes. */
export interface ObservedRecord {
  kind: EntityKind;
  /** The side's own id (catalog uuid, `cus_…`, `prod_…`). */
  id: string;
  /** Catalog: the linked Stripe id. Stripe: `metadata.concord_id`. */
  linkedId: string | null;
  deleted: boolean;
  fields: Record<string, string | number | boolean | null>;
  /** Stripe products: how many active prices it has (exactly one is right). */
  activePrices?: number;
}

/** Both sides at one moment. */
export interface Snapshot {
  catalog: ObservedRecord[];
  stripe: ObservedRecord[];
}

/** `conflict`: a contested record whose conflict the catalog did not record. */
export type ProblemKind = 'mismatch' | 'loss' | 'duplicate' | 'conflict';

export interface Problem {
  kind: ProblemKind;
  /** The oracle key (`cu12`) or, for an unexpected record, its side and id. */
  record: string;
  field?: string;
  detail: string;
}
