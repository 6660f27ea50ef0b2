import type { MetricsService } from '@concord/observability';

import type { KitMetrics } from './kit-metrics';

/** KitMetrics on the app's Prometheus registry (served at /metrics). */
export function prometheusKitMetrics(metrics: MetricsService, system: string): KitMetrics {
  const outbound = metrics.counter({
    name: 'connector_outbound_events_total',
    help: 'Catalog events handled by the connector, by entity type, result and reason.',
    labelNames: ['system', 'entity_type', 'result', 'reason'],
  });
  const calls = metrics.counter({
    name: 'connector_external_calls_total',
    help: 'Requests made to the external system, by outcome.',
    labelNames: ['system', 'outcome'],
  });
  const inbound = metrics.counter({
    name: 'connector_inbound_changes_total',
    help: 'Inbound changes published to Kafka, by how they were observed.',
    labelNames: ['system', 'reason', 'entity_type'],
  });
  const ignored = metrics.counter({
    name: 'connector_webhook_events_ignored_total',
    help: 'Webhook events of types the connector does not handle.',
    labelNames: ['system', 'event_type'],
  });
  const rejected = metrics.counter({
    name: 'connector_webhook_requests_rejected_total',
    help: 'Webhook requests refused or not acknowledged, by reason.',
    labelNames: ['system', 'reason'],
  });
  const connections = metrics.gauge({
    name: 'connector_connections',
    help: 'Connections of this system by state.',
    labelNames: ['system', 'state'],
  });
  return {
    outbound: (entityType, result, reason) =>
      outbound.inc({ system, entity_type: entityType, result, reason }),
    externalCall: (outcome) => calls.inc({ system, outcome }),
    inbound: (reason, entityType, count) =>
      inbound.inc({ system, reason, entity_type: entityType }, count),
    webhookIgnored: (eventType) => ignored.inc({ system, event_type: eventType }),
    webhookRejected: (reason) => rejected.inc({ system, reason }),
    connections: (counts) => {
      for (const state of ['active', 'paused', 'needs-attention', 'disabled']) {
        connections.set({ system, state }, counts[state] ?? 0);
      }
    },
  };
}
