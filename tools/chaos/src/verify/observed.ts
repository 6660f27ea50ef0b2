import type { EntityKind } from '../workload/oracle';
import type { ExternalSystem } from './systems';

/** A record as one side holds it, reduced to the fields the workload writes. */
export interface ObservedRecord {
  kind: EntityKind;
  /** The side's own id (catalog uuid, `cus_…`, an Account's `001…`, a Xero ContactID). */
  id: string;
  /**
   * An external record: the catalog id it carries (Stripe `metadata.concord_id`, Salesforce
   * `Concord_Id__c`, a Xero contact's ContactNumber), or null (Xero items and invoices carry none).
   */
  linkedId: string | null;
  /** A catalog record: its links by system (from `GET /v1/<records>/:id/sync`). */
  links?: Partial<Record<ExternalSystem, string>>;
  deleted: boolean;
  fields: Record<string, string | number | boolean | null>;
  /** Stripe products: how many active prices it has (exactly one is right). */
  activePrices?: number;
}

/** The catalog and every connected system at one moment (a system left out is not compared). */
export type Snapshot = { catalog: ObservedRecord[] } & Partial<
  Record<ExternalSystem, ObservedRecord[]>
>;

/** `conflict`: a contested record whose conflict the catalog did not record. */
export type ProblemKind = 'mismatch' | 'loss' | 'duplicate' | 'conflict';

export interface Problem {
  kind: ProblemKind;
  /** The oracle key (`cu12`) or, for an unexpected record, its side and id. */
  record: string;
  field?: string;
  /** The system the problem is about (none: the catalog alone, or a contest). */
  system?: ExternalSystem;
  detail: string;
}
