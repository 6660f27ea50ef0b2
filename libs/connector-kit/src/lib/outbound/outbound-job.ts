import type { DistributedLock } from '@concord/auth';
import type { CatalogEvent, EntityType } from '@concord/model';

import type { ConnectionEntry } from '../connections/connection-state';
import type { ExternalCallContext } from '../definition/outbound-adapter';
import type { ResolvedConnection } from '../definition/resolved-connection';
import type { StateScope } from '../state/connector-state-store';
import type { WrittenVersions } from '../state/written-versions';
import { recordLockKey } from './record-lock';

/** What keeps one record's writes in version order across every replica. */
export interface RecordOrdering {
  /** One record's messages run one at a time, across replicas when backed by Redis. */
  lock: DistributedLock;
  writtenVersions: WrittenVersions;
}

export interface OutboundProcessorOptions {
  retryTopic: string;
  maxAttempts: number;
  pausedRetryDelayMs: number;
  /**
   * True while catalog-service's answer to this connector's connections request may still be on
   * its way: an event of a tenant with no connection yet is parked rather than dropped, since its
   * connection may be in that answer (after a broker lost the connections topic).
   */
  awaitingConnections?: () => boolean;
}

/**
 * On a message parked while its connection needs a person, once its `failed` outcome is out: it
 * is not reported again each time it comes back from the retry topic.
 */
export const HELD_REPORTED_HEADER = 'x-concord-held-reported';

/** On a message parked while its tenant's connection was awaited (see `awaitingConnections`). */
export const AWAITED_CONNECTION_HEADER = 'x-concord-awaited-connection';

/** What happened to one message (for tests and metrics). */
export type OutboundResult =
  | 'synced'
  | 'skipped-echo'
  | 'skipped-unchanged'
  | 'skipped-stale'
  | 'skipped-not-synced'
  | 'skipped-nothing-to-delete'
  | 'parked';

export interface Job<TClient> {
  entityType: EntityType;
  event: CatalogEvent;
  entry: ConnectionEntry<TClient>;
  connection: ResolvedConnection;
  scope: StateScope;
  attempt: number;
  ctx: ExternalCallContext<TClient>;
  /** The catalog asked this system's connector to write even unchanged content (resync header). */
  resync: boolean;
  headers: Readonly<Record<string, string>>;
}

/** The key of the record a job writes, for its lock and its written-version register. */
export function recordKeyOf(job: {
  scope: StateScope;
  entityType: EntityType;
  event: CatalogEvent;
}): string {
  return recordLockKey(job.scope, job.entityType, job.event.subject);
}
