import {
  type ConnectionSettings,
  CONNECTOR_STATUS_TYPE,
  connectorEventSource,
  type ConnectorStatus,
  type ConnectorStatusData,
  createEnvelope,
  type SyncOutcome,
  type SyncOutcomeData,
  syncOutcomeType,
} from '@concord/model';

import { anEntityId, aTenantId, nowIso } from './tenant.factory';

export type SyncOutcomeOverrides = Partial<SyncOutcomeData> & {
  tenant?: string;
  correlationId?: string;
};

/** A valid sync outcome (default: a customer synced to Stripe on the first attempt). */
export function aSyncOutcome(overrides: SyncOutcomeOverrides = {}): SyncOutcome {
  const { tenant, correlationId, ...data } = overrides;
  const status = data.status ?? 'synced';
  const failed = status === 'failed';
  const outcome: SyncOutcomeData = {
    system: 'stripe',
    connectionId: anEntityId(),
    entityType: 'customer',
    entityId: anEntityId(),
    eventId: anEntityId(),
    entityVersion: 1,
    status,
    externalId: failed ? null : `ext_${anEntityId().slice(0, 12)}`,
    externalVersion: null,
    contentHash: null,
    error: failed
      ? {
          code: 'UPSTREAM_UNAVAILABLE',
          category: 'retryable',
          message: 'HTTP 503',
          retryable: true,
        }
      : null,
    attempt: 1,
    occurredAt: nowIso(),
    ...data,
  };
  return createEnvelope({
    source: connectorEventSource(outcome.system),
    type: syncOutcomeType(outcome.entityType, outcome.status),
    subject: outcome.entityId,
    tenant: tenant ?? aTenantId(),
    origin: outcome.system,
    entityVersion: outcome.entityVersion,
    correlationId,
    data: outcome,
  });
}

/** Valid settings of an enabled two-way connection (default system: Stripe). */
export function aConnectionSettings(
  overrides: Partial<ConnectionSettings> = {},
): ConnectionSettings {
  return {
    tenant: aTenantId(),
    system: 'stripe',
    connectionId: anEntityId(),
    enabled: true,
    paused: false,
    pausedReason: null,
    direction: 'both',
    entityTypes: ['customer', 'product', 'invoice'],
    fieldMappings: [],
    matchingKeys: { customer: ['email'] },
    conflictPolicy: { default: 'last-writer-wins', fieldOwners: [] },
    credentials: null,
    settings: {},
    version: 1,
    updatedAt: nowIso(),
    ...overrides,
  };
}

export type ConnectorStatusOverrides = Partial<ConnectorStatusData> & { tenant?: string };

/** A valid status of a healthy, active connection. */
export function aConnectorStatus(overrides: ConnectorStatusOverrides = {}): ConnectorStatus {
  const { tenant, ...data } = overrides;
  const status: ConnectorStatusData = {
    system: 'stripe',
    connectionId: anEntityId(),
    health: 'healthy',
    state: 'active',
    reason: null,
    budget: null,
    apiAllocation: null,
    webhook: null,
    rotatedCredentials: null,
    observedAt: nowIso(),
    ...data,
  };
  return createEnvelope({
    source: connectorEventSource(status.system),
    type: CONNECTOR_STATUS_TYPE,
    subject: status.connectionId,
    tenant: tenant ?? aTenantId(),
    origin: status.system,
    data: status,
  });
}
