import type { CatalogClient } from '../../world/catalog-client';

/** The external calls one organisation took, as its simulator counts them (token calls excluded). */
export interface CallCount {
  /** Every call the organisation received, refused ones included. */
  calls: number;
  /** Calls the simulator refused for a rate limit (Xero's 429s); 0 where it enforces none. */
  rejected: number;
}

/**
 * One organisation (org) of a Salesforce or Xero simulator, as the backfill bench drives it:
 * seeded through the system's own API, connected to one catalog tenant, and counted at the
 * simulator. Stripe's backfill keeps its own path (a counting proxy, concurrent SDK creates).
 */
export interface RemoteSystem {
  readonly system: 'salesforce' | 'xero';
  /** Creates `count` customers' records (Accounts, Contacts) in the organisation: records/s. */
  seed(count: number): Promise<number>;
  /** Run once seeding is over, before the connection is enabled (Xero: its real limits on). */
  beforeMeasure(): Promise<void>;
  /** Connects the catalog tenant to the organisation, one way, which starts the backfill. */
  connect(catalog: CatalogClient, direction: 'inbound' | 'outbound'): Promise<void>;
  /** Every call the organisation took so far (the seeding's included: measure by difference). */
  calls(): Promise<CallCount>;
  /** The customers' records the organisation holds now (the check that nothing is missing). */
  records(): Promise<number>;
  /** Run once measured (Xero: limits off again). */
  afterMeasure(): Promise<void>;
}
