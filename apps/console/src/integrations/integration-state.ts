import type { Budget, IntegrationOverview } from '../api/api-types';
import type { Tone } from '../ui/badge';
import { plural, systemName } from '../ui/format';

export type IntegrationStateKind =
  | 'unavailable'
  | 'not-connected'
  | 'disabled'
  | 'paused'
  | 'needs-attention'
  | 'over-limit'
  | 'waiting'
  | 'healthy';

export interface IntegrationState {
  kind: IntegrationStateKind;
  label: string;
  tone: Tone;
  /** One sentence an operator can act on. */
  explanation: string;
}

function exhausted(budget: Budget | null | undefined): boolean {
  return !!budget && budget.limit > 0 && budget.used >= budget.limit;
}

/**
 * What an overview card says about one system, in order of what an operator must know first:
 * no connector running before a paused connection before an over-used budget before a quiet
 * healthy one. `connectorRunning` is the broker's word (the connector's consumer group has a
 * member); null means Kafka did not answer, and then the console claims nothing.
 */
export function integrationState(item: IntegrationOverview): IntegrationState {
  const name = systemName(item.system);
  const { connection, status } = item;
  if (!connection) {
    return item.connectorRunning === false
      ? {
          kind: 'unavailable',
          label: 'Unavailable',
          tone: 'muted',
          explanation: `No ${name} connector is running, so ${name} cannot be connected yet.`,
        }
      : {
          kind: 'not-connected',
          label: 'Not connected',
          tone: 'muted',
          explanation: `Connect ${name} to keep it in step with the catalog.`,
        };
  }
  if (item.connectorRunning === false) {
    // The last status would still read "healthy": a stopped connector sends none to correct it.
    return {
      kind: 'unavailable',
      label: 'Unavailable',
      tone: 'bad',
      explanation: `No ${name} connector is running: changes wait in the queue and sync once it is back.`,
    };
  }
  if (connection.paused || status?.state === 'paused') {
    return {
      kind: 'paused',
      label: 'Paused',
      tone: 'warn',
      explanation:
        connection.pausedReason ?? status?.reason ?? 'Nothing syncs until the sync is resumed.',
    };
  }
  if (status?.state === 'needs-attention' || status?.health === 'down') {
    return {
      kind: 'needs-attention',
      label: 'Needs attention',
      tone: 'bad',
      explanation: status.reason ?? `The connector cannot reach ${name}.`,
    };
  }
  if (exhausted(status?.budget) || exhausted(status?.apiAllocation)) {
    return {
      kind: 'over-limit',
      label: 'Over API limit',
      tone: 'warn',
      explanation: `${name}'s API limit is used up; changes wait and continue when it frees up.`,
    };
  }
  if (!connection.enabled) {
    return {
      kind: 'disabled',
      label: 'Disabled',
      tone: 'muted',
      explanation: 'Connected, but switched off: nothing syncs.',
    };
  }
  const problems = item.openFailures + item.failedRecords + item.heldDeletes;
  if (problems > 0 || status?.health === 'degraded') {
    const parts = [
      item.openFailures > 0 ? plural(item.openFailures, 'open failure') : null,
      item.failedRecords > 0 ? plural(item.failedRecords, 'record') + ' failed to sync' : null,
      item.heldDeletes > 0 ? plural(item.heldDeletes, 'delete') + ' held for review' : null,
      status?.health === 'degraded' ? (status.reason ?? 'the connection is degraded') : null,
    ].filter((part): part is string => part !== null);
    return {
      kind: 'needs-attention',
      label: 'Needs attention',
      tone: 'bad',
      explanation: `${parts.join(', ')}.`.replace(/^./, (c) => c.toUpperCase()),
    };
  }
  if (!status) {
    return {
      kind: 'waiting',
      label: 'Starting',
      tone: 'info',
      explanation: `Waiting for the ${name} connector to report in.`,
    };
  }
  return {
    kind: 'healthy',
    label: 'Healthy',
    tone: 'ok',
    explanation: 'Changes are flowing.',
  };
}
