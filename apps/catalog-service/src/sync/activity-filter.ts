import type { EntityType } from '@concord/model';

import type { ActivityKind } from './activity.repository';

/** Outcomes an operator filters the activity by; each is a set of kinds. */
export const ACTIVITY_OUTCOMES = ['success', 'failure', 'conflict', 'delete', 'other'] as const;
export type ActivityOutcome = (typeof ACTIVITY_OUTCOMES)[number];

export const ACTIVITY_KINDS: readonly ActivityKind[] = [
  'inbound.created',
  'inbound.linked',
  'inbound.updated',
  'inbound.unchanged',
  'inbound.stale',
  'inbound.ignored',
  'inbound.deleted',
  'inbound.delete-held',
  'outcome.synced',
  'outcome.skipped',
  'outcome.failed',
  'outcome.link-moved',
  'conflict',
  'held-deletes.approved',
  'held-deletes.rejected',
  'connection.paused',
];

const OUTCOME_OF: Record<ActivityKind, ActivityOutcome> = {
  'inbound.created': 'success',
  'inbound.linked': 'success',
  'inbound.updated': 'success',
  'inbound.unchanged': 'other',
  'inbound.stale': 'other',
  'inbound.ignored': 'other',
  'inbound.deleted': 'delete',
  'inbound.delete-held': 'delete',
  'outcome.synced': 'success',
  'outcome.skipped': 'other',
  'outcome.failed': 'failure',
  'outcome.link-moved': 'other',
  conflict: 'conflict',
  'held-deletes.approved': 'delete',
  'held-deletes.rejected': 'delete',
  'connection.paused': 'other',
};

/** The filters the activity list and its live stream share. */
export interface ActivityFilter {
  system?: string;
  entityType?: EntityType;
  kind?: ActivityKind;
  outcome?: ActivityOutcome;
}

/** The kinds an outcome covers. */
export function kindsOf(outcome: ActivityOutcome): ActivityKind[] {
  return ACTIVITY_KINDS.filter((kind) => OUTCOME_OF[kind] === outcome);
}

/** Whether one activity row passes the filter (the stream filters rows read by id). */
export function matchesActivity(
  filter: ActivityFilter,
  row: { system: string; entity_type: string | null; kind: string },
): boolean {
  if (filter.system !== undefined && row.system !== filter.system) return false;
  if (filter.entityType !== undefined && row.entity_type !== filter.entityType) return false;
  if (filter.kind !== undefined && row.kind !== filter.kind) return false;
  const outcome = OUTCOME_OF[row.kind as ActivityKind] ?? 'other';
  return filter.outcome === undefined || outcome === filter.outcome;
}
