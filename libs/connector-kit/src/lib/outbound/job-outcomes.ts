import type { ConcordError } from '@concord/errors';
import type { CatalogEvent, EntityType } from '@concord/model';

import type { KitMetrics } from '../metrics/kit-metrics';
import type { Job, OutboundResult } from './outbound-job';
import type { OutcomePublisher, OutcomeReport } from './outcome-publisher';

/** Publishes a job's outcome for the catalog and counts each message's result in the metrics. */
export class JobOutcomes {
  constructor(
    private readonly outcomes: OutcomePublisher,
    private readonly metrics: KitMetrics,
  ) {}

  report<TClient>(
    job: Job<TClient>,
    status: OutcomeReport['status'],
    externalId: string | null,
    externalVersion: string | null,
    hash: string | null,
    error: ConcordError | null = null,
  ): Promise<unknown> {
    return this.outcomes.publish(job.event, job.connection.connectionId, {
      status,
      externalId,
      externalVersion,
      contentHash: status === 'failed' ? null : hash,
      error,
      attempt: job.attempt,
    });
  }

  /**
   * A catalog change held back (parked) because its connection needs a person: `failed` with the
   * reason, so the record's sync state says why it waits, whichever of the status probe and a write
   * saw the refusal first.
   */
  held(
    event: CatalogEvent,
    connectionId: string,
    attempt: number,
    error: ConcordError,
  ): Promise<unknown> {
    return this.outcomes.publish(event, connectionId, {
      status: 'failed',
      externalId: null,
      externalVersion: null,
      contentHash: null,
      error,
      attempt,
    });
  }

  count(entityType: EntityType, result: OutboundResult): OutboundResult {
    const [kind, ...reason] = result.split('-');
    this.metrics.outbound(entityType, kind, reason.join('-') || kind);
    return result;
  }
}
