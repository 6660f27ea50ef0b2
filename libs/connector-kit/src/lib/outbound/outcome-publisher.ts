import type { ConcordError } from '@concord/errors';
import {
  type CatalogEvent,
  connectorEventSource,
  createEnvelope,
  envelopeHeaders,
  parseMessage,
  SyncOutcome,
  type SyncOutcomeData,
  syncOutcomeKey,
  syncOutcomeType,
} from '@concord/model';

import type { MessageSender } from '../transport/publisher-port';

/** What the connector reports about one catalog event. */
export interface OutcomeReport {
  status: SyncOutcomeData['status'];
  externalId: string | null;
  externalVersion: string | null;
  contentHash: string | null;
  error: ConcordError | null;
  attempt: number;
}

/** Publishes SyncOutcome messages on `connector.<system>.outcome.v1` (key tenant:entityId). */
export class OutcomePublisher {
  constructor(
    private readonly system: string,
    private readonly topic: string,
    private readonly publisher: MessageSender,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async publish(
    event: CatalogEvent,
    connectionId: string,
    report: OutcomeReport,
  ): Promise<SyncOutcome> {
    const entity = event.data.entity;
    const entityType = event.type.split('.')[2] as SyncOutcomeData['entityType'];
    const data: SyncOutcomeData = {
      system: this.system,
      connectionId,
      entityType,
      entityId: entity.id,
      eventId: event.id,
      entityVersion: entity.version,
      status: report.status,
      externalId: report.externalId,
      externalVersion: report.externalVersion,
      contentHash: report.contentHash,
      error: report.error
        ? {
            code: report.error.code.slice(0, 100),
            category: report.error.category,
            message: report.error.message.slice(0, 1000),
            retryable: report.error.retryable,
          }
        : null,
      attempt: Math.max(1, report.attempt),
      occurredAt: this.now().toISOString(),
    };
    const outcome = parseMessage(
      SyncOutcome,
      createEnvelope({
        source: connectorEventSource(this.system),
        type: syncOutcomeType(entityType, report.status),
        subject: entity.id,
        tenant: event.tenant,
        origin: this.system,
        entityVersion: entity.version,
        correlationId: event.correlationId,
        data,
      }),
    );
    await this.publisher.send(this.topic, [
      {
        key: syncOutcomeKey(event.tenant, entity.id),
        value: outcome,
        headers: envelopeHeaders(outcome),
      },
    ]);
    return outcome;
  }
}
