import type { DistributedLock } from '@concord/auth';

import type { InboundChangeDraft } from '../definition/inbound-source';
import { RECORD_LOCK_TTL_MS, recordLockKey } from '../outbound/record-lock';
import type { ConnectorStateStore, StateScope } from '../state/connector-state-store';
import { draftToPublish, overwrittenEdit } from './overwritten-edit';

/**
 * Tells a webhook's change that Concord's own write overwrote (see `overwrittenEdit`). When the
 * link known here cannot say, the record's lock is taken (the one its outbound writes hold, in
 * every replica) and the state topic read up to now: a write that was in flight has then saved
 * its link. A verdict still unsure then (the writer died before saving it) leaves the decision to
 * the catalog, which is given the event's change beside the record as read.
 */
export class OverwrittenEdits {
  constructor(
    private readonly state: ConnectorStateStore,
    private readonly lock: DistributedLock,
    private readonly catchUpState: () => Promise<void>,
  ) {}

  async settle(scope: StateScope, draft: InboundChangeDraft): Promise<InboundChangeDraft> {
    const entityId = this.state.lookup(scope).entityId(draft.entityType, draft.externalId);
    const linkNow = () =>
      entityId === null ? null : this.state.link(scope, draft.entityType, entityId);
    const verdict = overwrittenEdit(draft, linkNow());
    if (verdict !== 'unsure' || entityId === null) return draftToPublish(draft, verdict);
    const key = recordLockKey(scope, draft.entityType, entityId);
    return this.lock.withLock(key, RECORD_LOCK_TTL_MS, async () => {
      await this.catchUpState();
      return draftToPublish(draft, overwrittenEdit(draft, linkNow()));
    });
  }
}
