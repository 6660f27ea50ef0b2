import type { ActivityItem } from '../api/api-types';
import type { Tone } from '../ui/badge';
import { systemName } from '../ui/format';

export type Outcome = 'success' | 'failure' | 'conflict' | 'delete' | 'other';

interface KindWords {
  outcome: Outcome;
  tone: Tone;
  /** `%s` is the system's name. */
  words: string;
}

const KINDS: Record<string, KindWords> = {
  'inbound.created': { outcome: 'success', tone: 'ok', words: 'Created from %s' },
  'inbound.linked': { outcome: 'success', tone: 'ok', words: 'Matched and linked to %s' },
  'inbound.updated': { outcome: 'success', tone: 'ok', words: 'Updated from %s' },
  'inbound.unchanged': { outcome: 'other', tone: 'muted', words: 'Change from %s, nothing new' },
  'inbound.stale': { outcome: 'other', tone: 'muted', words: 'Older change from %s ignored' },
  'inbound.ignored': {
    outcome: 'other',
    tone: 'muted',
    words: 'Change from %s not synced (settings)',
  },
  'inbound.deleted': { outcome: 'delete', tone: 'warn', words: 'Deleted in %s, deleted here' },
  'inbound.delete-held': {
    outcome: 'delete',
    tone: 'bad',
    words: 'Delete from %s held for review',
  },
  'outcome.synced': { outcome: 'success', tone: 'ok', words: 'Synced to %s' },
  'outcome.skipped': { outcome: 'other', tone: 'muted', words: 'Already up to date in %s' },
  'outcome.failed': { outcome: 'failure', tone: 'bad', words: 'Failed to sync to %s' },
  'outcome.link-moved': {
    outcome: 'other',
    tone: 'warn',
    words: 'Its %s twin is linked to the record Concord wrote it for',
  },
  conflict: { outcome: 'conflict', tone: 'warn', words: 'Conflict with %s resolved by policy' },
  'held-deletes.approved': {
    outcome: 'delete',
    tone: 'info',
    words: 'Held deletes from %s approved',
  },
  'held-deletes.rejected': {
    outcome: 'delete',
    tone: 'info',
    words: 'Held deletes from %s rejected',
  },
  'connection.paused': { outcome: 'other', tone: 'warn', words: '%s sync paused' },
};

export function activityWords(item: ActivityItem): KindWords {
  const known = KINDS[item.kind];
  const kind = known ?? { outcome: 'other', tone: 'muted', words: `${item.kind} (%s)` };
  return { ...kind, words: kind.words.replace('%s', systemName(item.system)) };
}

/** The reason an activity item carries (an error message, a policy), if any. */
export function activityDetail(item: ActivityItem): string | null {
  const { details } = item;
  const error = details['error'];
  if (typeof error === 'object' && error !== null && 'message' in error) {
    return String((error as { message: unknown }).message);
  }
  for (const key of ['reason', 'message', 'field']) {
    if (typeof details[key] === 'string') return details[key] as string;
  }
  return null;
}
