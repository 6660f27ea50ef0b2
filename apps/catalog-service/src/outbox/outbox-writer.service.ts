import { randomUUID } from 'node:crypto';

import { ValidationError, ValidationErrorCode } from '@concord/errors';
import {
  CATALOG_EVENT_SOURCE,
  CATALOG_ORIGIN,
  catalogEventKey,
  CatalogEventSchemas,
  catalogEventType,
  type CatalogOperation,
  createEnvelope,
  type EntityType,
  envelopeHeaders,
  type Origin,
  type RecordByEntityType,
  validate,
} from '@concord/model';
import { currentCorrelationId } from '@concord/observability';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { catalogLinksHeader } from './catalog-links.query';
import {
  clockFieldsOf,
  fieldClocksSql,
  outboxInsertSql,
  type PreparedEvent,
} from './outbox-event.sql';

export interface CatalogChange<E extends EntityType> {
  entityType: E;
  operation: CatalogOperation;
  /** The record as it is after the change. */
  record: RecordByEntityType[E];
  changedFields: string[];
  /** `catalog` for API writes; the external system for changes applied from it. */
  origin?: Origin;
  /** When the origin system made the change, for the field clocks (default: the event's time). */
  clockTime?: Date;
  /** Defaults to the current request's correlation id. */
  correlationId?: string;
  /** Headers beside the envelope's, e.g. `x-concord-resync`. */
  extraHeaders?: Record<string, string>;
}

export interface AppendedEvent {
  /** The event id (= outbox id). */
  id: string;
  /** The headers given by the writer (the database adds `x-concord-links`). */
  headers: Record<string, string>;
}

const ENTITY_PREFIX = 'data.entity.';

/**
 * Appends a change's catalog event to the outbox (libs/catalog-outbox), in the caller's transaction: the row and its
 * event commit together or not at all. The outbox id is the event id. The event carries, in
 * `x-concord-links`, the identity map's external ids of the record and the records it refers to.
 */
@Injectable()
export class OutboxWriter {
  /**
   * Appends the event and its field clocks in one statement of the caller's transaction. Record
   * writers fold the same SQL into the statement that writes the record (records/record-writer.ts).
   */
  async append<E extends EntityType>(
    manager: EntityManager,
    change: CatalogChange<E>,
  ): Promise<AppendedEvent> {
    const event = this.prepare(change);
    const params: unknown[] = [];
    const sql = `WITH ob AS (${outboxInsertSql(event, params)}),
      fc AS (${fieldClocksSql(event, params, 'ob')})
      SELECT 1 FROM ob`;
    await manager.query(sql, params);
    return { id: event.row.id, headers: event.row.headers };
  }

  /** The change's event, validated against the model's schema, not yet written. */
  prepare<E extends EntityType>(change: CatalogChange<E>): PreparedEvent {
    const id = randomUUID();
    const { record, entityType, operation } = change;
    const envelope = createEnvelope({
      id,
      source: CATALOG_EVENT_SOURCE,
      type: catalogEventType(entityType, operation),
      subject: record.id,
      tenant: record.tenantId,
      origin: change.origin ?? CATALOG_ORIGIN,
      entityVersion: record.version,
      correlationId: change.correlationId ?? currentCorrelationId() ?? id,
      time: record.updatedAt,
      data: { operation, entity: record, changedFields: change.changedFields },
    });
    const checked = validate(CatalogEventSchemas[entityType], envelope);
    if (!checked.ok) {
      // The request passed the DTO rules but not the model's: report it as the caller's fields.
      const fields = checked.errors.map((issue) => ({
        field: issue.path.startsWith(ENTITY_PREFIX)
          ? issue.path.slice(ENTITY_PREFIX.length)
          : issue.path,
        message: issue.message,
      }));
      throw new ValidationError(
        ValidationErrorCode.INVALID_INPUT,
        `Invalid ${entityType}: ${fields.map((f) => f.field).join(', ')}`,
        fields,
      );
    }
    // A record just created has no link yet, wherever it came from: through the API it has no
    // twin anywhere, and the link of one created from a system's change is written after it in
    // the same transaction. A customer or product then needs no lookup at all; leaving it out
    // also keeps the statement's generic plan, which a lookup of unknown size would price above
    // the custom ones (the server would then plan every execution again).
    const brandNew = operation === 'created';
    const links =
      brandNew && entityType !== 'invoice'
        ? undefined
        : catalogLinksHeader(entityType, record, brandNew);
    const headers: Record<string, string> = {
      ...envelopeHeaders(envelope),
      ...change.extraHeaders,
    };
    return {
      row: {
        id,
        aggregatetype: entityType,
        aggregateid: catalogEventKey(record.tenantId, record.id),
        type: envelope.type,
        payload: envelope,
        tenant: record.tenantId,
        headers,
      },
      links,
      entityType,
      entityId: record.id,
      origin: envelope.origin,
      clockFields: clockFieldsOf(change.changedFields),
      clockTime: change.clockTime?.toISOString() ?? null,
    };
  }
}
