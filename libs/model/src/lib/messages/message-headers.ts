import type { Envelope } from '../envelope/envelope.schema';

/** Kafka headers every Concord message carries, mirrored from its envelope for cheap routing. */
export const MessageHeaders = {
  correlationId: 'x-correlation-id',
  eventId: 'x-event-id',
  tenant: 'x-tenant',
  origin: 'x-origin',
  entityVersion: 'x-entity-version',
  contentType: 'content-type',
  /**
   * On a catalog event: the system (e.g. `stripe`) whose connector must write the record even when
   * its link says both sides already hold this content (an operator kept the catalog's value of a
   * conflict, and the external system still holds its own).
   */
  resync: 'x-concord-resync',
  /**
   * On a catalog event: the external ids the catalog's identity map holds for the record and the
   * records it refers to (an invoice's customer and products), by system (see catalog-links.ts),
   * so a connector whose own links were lost (a broker that lost its data) links them again
   * rather than creating a second record.
   */
  links: 'x-concord-links',
  /**
   * On a snapshot record (an outbound backfill on a connector's retry topic): `true` while more
   * records of its type follow it in the snapshot, `false` on its last page, so a connector that
   * combines records into calls waits for them rather than sending a short call.
   */
  snapshotContinues: 'x-concord-snapshot-continues',
} as const;

/** The headers of a message whose value is `envelope`. */
export function envelopeHeaders(envelope: Envelope<unknown>): Record<string, string> {
  const headers: Record<string, string> = {
    [MessageHeaders.correlationId]: envelope.correlationId,
    [MessageHeaders.eventId]: envelope.id,
    [MessageHeaders.tenant]: envelope.tenant,
    [MessageHeaders.origin]: envelope.origin,
    [MessageHeaders.contentType]: envelope.datacontenttype,
  };
  if (envelope.entityVersion !== null) {
    headers[MessageHeaders.entityVersion] = String(envelope.entityVersion);
  }
  return headers;
}
