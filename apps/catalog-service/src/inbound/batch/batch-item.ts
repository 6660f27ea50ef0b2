import type { InboundChange, SyncOutcome } from '@concord/model';

import type { InboundResult } from '../changes/inbound-change.service';
import type { OutcomeResult } from '../outcomes/sync-outcome.service';

/** A validated message of a batch that changes records: a connector's change or its outcome. */
export type BatchItem = (
  { kind: 'inbound'; change: InboundChange } | { kind: 'outcome'; outcome: SyncOutcome }
) & {
  /** The message's correlation id: the events its change publishes carry it. */
  correlationId: string;
};

export type BatchItemResult = InboundResult | OutcomeResult;

/** The inbox key of an inbound change. */
export function inboxKeyOfChange(change: InboundChange) {
  return {
    tenantId: change.tenant,
    system: change.data.system,
    sourceEventId: change.data.sourceEventId,
  };
}

/** The identity-map key of the external record an inbound change is about. */
export function externalKeyOfChange(change: InboundChange) {
  return {
    tenantId: change.tenant,
    system: change.data.system,
    entityType: change.data.entityType,
    externalId: change.data.externalId,
  };
}

/** The identity-map key of the external record a connector's write reported; null without one. */
export function externalKeyOfOutcome(outcome: SyncOutcome) {
  const { externalId } = outcome.data;
  if (externalId === null) return null;
  return {
    tenantId: outcome.tenant,
    system: outcome.data.system,
    entityType: outcome.data.entityType,
    externalId,
  };
}

/** One text key per (tenant, system): the connection an item belongs to. */
export function connectionKeyOf(tenantId: string, system: string): string {
  return `${tenantId}\u0000${system}`;
}
