import { canonicalJson } from '@concord/model';

import type { InboundChangeDraft } from '../definition/inbound-source';
import { completeContentHash } from '../state/complete-content-hash';
import type { StoredLink } from '../state/connector-state-store';

/**
 * What a webhook's change is, once its record was read afresh:
 * - `current`: the record still shows the event's change (or there is nothing to compare):
 *   publish what was read, as always;
 * - `overwritten`: the record holds exactly what Concord last wrote there (the link's hash), and
 *   wrote at or after the event's time, and not the event's change: Concord's write landed after
 *   it and replaced it, and the external edit would be lost without a trace. Publish the change
 *   as the event reported it, with its base;
 * - `reverted`: the record holds what Concord last wrote, but wrote before the event: the system
 *   went back to it by itself (A -> B -> A), a later edit whose own event follows. Publish what
 *   was read, and nothing else;
 * - `unsure`: the record differs from the event and from Concord's last write as known here: a
 *   later external edit (its own event follows), or Concord's write whose link is not known yet
 *   (a connector that died between its external write and saving the link). Publish what was
 *   read, with the event's change beside it (`reported`): the catalog knows where its own values
 *   came from and records the conflict when the system now holds a value the catalog wrote.
 */
export type ReportedChangeVerdict = 'current' | 'overwritten' | 'reverted' | 'unsure';

/** Decides how a webhook's draft is published (see `ReportedChangeVerdict`). */
export function overwrittenEdit(
  draft: InboundChangeDraft,
  link: StoredLink | null,
): ReportedChangeVerdict {
  const reported = draft.asReported;
  if (draft.operation !== 'upsert' || draft.content === null || reported === undefined) {
    return 'current';
  }
  const fetched = draft.content as Readonly<Record<string, unknown>>;
  const asEvent = reported.content as Readonly<Record<string, unknown>>;
  const changed = Object.keys(reported.previous);
  const stillShown = changed.every(
    (field) => canonicalJson(asEvent[field] ?? null) === canonicalJson(fetched[field] ?? null),
  );
  if (stillShown) return 'current';
  const fetchedHash = completeContentHash(draft.entityType, draft.content);
  if (fetchedHash === null || link?.contentHash !== fetchedHash) return 'unsure';
  // The system may also have gone back to Concord's last write by itself (A -> B -> A): only a
  // write made after the event (its time has whole seconds at best) can have replaced its change.
  const writtenAt = link.writtenAt === undefined ? NaN : Date.parse(link.writtenAt);
  const changedAt = Math.floor(Date.parse(draft.changedAt) / 1000) * 1000;
  if (Number.isNaN(writtenAt)) return 'unsure';
  return writtenAt >= changedAt ? 'overwritten' : 'reverted';
}

/**
 * The draft to publish for a verdict: the reported change with its base when overwritten; else
 * what was read, with the reported change beside it (`reported`): the catalog tells from it a
 * change made on a base older than what Concord wrote (both sides at once) and, when unsure, a
 * change Concord's write replaced.
 */
export function draftToPublish(
  draft: InboundChangeDraft,
  verdict: ReportedChangeVerdict,
): InboundChangeDraft {
  const { asReported, ...rest } = draft;
  if (asReported === undefined || verdict === 'reverted') return rest as InboundChangeDraft;
  if (verdict !== 'overwritten') return { ...rest, reported: asReported } as InboundChangeDraft;
  return {
    ...rest,
    content: asReported.content,
    previous: asReported.previous,
  } as InboundChangeDraft;
}
