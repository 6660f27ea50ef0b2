/** What the kit counts; the Nest layer backs it with Prometheus metrics. */
export interface KitMetrics {
  /** One catalog event handled: synced, skipped (echo/unchanged/filtered), failed, deferred, parked. */
  outbound(entityType: string, result: string, reason: string): void;
  /** One provider request made, by outcome (ok or the error category). */
  externalCall(outcome: string): void;
  /** Inbound changes published, by how they were observed. */
  inbound(reason: string, entityType: string, count: number): void;
  /** A webhook event of a type the connector does not handle. */
  webhookIgnored(eventType: string): void;
  /** A webhook request refused or not acknowledged (bad signature, unknown connection...). */
  webhookRejected(reason: string): void;
  /** Connections by state, refreshed with every status round. */
  connections(counts: Record<string, number>): void;
}

export const noopKitMetrics: KitMetrics = {
  outbound: () => undefined,
  externalCall: () => undefined,
  inbound: () => undefined,
  webhookIgnored: () => undefined,
  webhookRejected: () => undefined,
  connections: () => undefined,
};
