import { randomBytes } from 'node:crypto';

import {
  connectorEventSource,
  createEnvelope,
  envelopeHeaders,
  InboundChange,
  inboundChangeKey,
  inboundChangeType,
  InboundReasons,
  isUuid,
  parseMessage,
  withoutControlCharacters,
} from '@concord/model';

import type { InboundChangeDraft } from '../definition/inbound-source';
import type { ResolvedConnection } from '../definition/resolved-connection';
import type { KitMetrics } from '../metrics/kit-metrics';
import { inboundCorrelationId } from '../outbound/link-hint';
import type { MessageSender } from '../transport/publisher-port';

/** How an inbound change was observed. */
export type InboundReason = (typeof InboundReasons)[number];

/**
 * Publishes InboundChange messages (key tenant:externalId) on `connector.<system>.inbound.v1`.
 * Resolves only once the broker acknowledged them (acks=all), so a webhook can be answered after.
 */
export class InboundPublisher {
  constructor(
    private readonly system: string,
    private readonly topic: string,
    private readonly publisher: MessageSender,
    private readonly metrics: KitMetrics,
  ) {}

  /**
   * Builds and validates the envelopes (a mapping bug fails here, before anything is sent). The
   * content's strings lose any C0 control character but tab, line feed and carriage return.
   */
  build(
    connection: ResolvedConnection,
    drafts: InboundChangeDraft[],
    reason: InboundReason,
  ): InboundChange[] {
    return drafts.map((draft) => {
      const envelope = createEnvelope({
        source: connectorEventSource(this.system),
        type: inboundChangeType(draft.entityType, draft.operation),
        subject: draft.externalId,
        tenant: connection.tenant,
        origin: this.system,
        correlationId: inboundCorrelationId(
          this.system,
          draft.entityType,
          draft.externalId,
          randomBytes(4).toString('hex'),
        ),
        data: {
          system: this.system,
          connectionId: connection.connectionId,
          entityType: draft.entityType,
          externalId: draft.externalId,
          // Anyone may type into the field that carries it: only a well-formed id travels.
          ...(draft.catalogId && isUuid(draft.catalogId) ? { catalogId: draft.catalogId } : {}),
          operation: draft.operation,
          sourceEventId: draft.sourceEventId,
          changedAt: draft.changedAt,
          externalVersion: draft.externalVersion,
          // A control character an external system let through would make the record
          // unstorable (PostgreSQL refuses NUL) and block its sync: it is dropped here.
          content: draft.operation === 'delete' ? null : withoutControlCharacters(draft.content),
          ...(draft.previous === undefined
            ? {}
            : { previous: withoutControlCharacters(draft.previous) }),
          ...(draft.reported === undefined
            ? {}
            : {
                reported: {
                  content: withoutControlCharacters(draft.reported.content),
                  previous: withoutControlCharacters(draft.reported.previous),
                },
              }),
          reason,
        },
      });
      return parseMessage(InboundChange, envelope);
    });
  }

  async publish(
    connection: ResolvedConnection,
    drafts: InboundChangeDraft[],
    reason: InboundReason,
  ): Promise<InboundChange[]> {
    const changes = this.build(connection, drafts, reason);
    if (changes.length === 0) return changes;
    await this.publisher.send(
      this.topic,
      changes.map((change) => ({
        key: inboundChangeKey(change.tenant, change.subject),
        value: change,
        headers: envelopeHeaders(change),
      })),
    );
    for (const change of changes) this.metrics.inbound(reason, change.data.entityType, 1);
    return changes;
  }
}
