import { crashPoint } from '@concord/config';

import type { ConnectorDefinition } from '../definition/connector-definition';
import type { ExistingLink } from '../definition/outbound-adapter';
import type { ConnectorStateStore } from '../state/connector-state-store';
import type { WrittenVersions } from '../state/written-versions';
import { idempotencyKeyFor } from './idempotency-keys';
import type { JobOutcomes } from './job-outcomes';
import { laterTime } from './outbound-decisions';
import { type Job, type OutboundResult, recordKeyOf } from './outbound-job';

/** The external record a delete removes. */
export interface DeleteTarget {
  externalId: string;
  existing: ExistingLink;
}

/**
 * The delete path: which external record a catalog delete removes, the adapter's delete of one
 * record, and, after the external delete (one by one or in a batch), the tombstone link, the
 * version register and the synced outcome.
 */
export class OutboundDeletes<TClient> {
  constructor(
    private readonly definition: ConnectorDefinition<TClient>,
    private readonly state: ConnectorStateStore,
    private readonly writtenVersions: WrittenVersions,
    private readonly jobOutcomes: JobOutcomes,
  ) {}

  /** Deletes the job's record through the adapter, one record per call. */
  async deleteOne(job: Job<TClient>): Promise<OutboundResult> {
    const target = await this.target(job);
    if (typeof target === 'string') return target;
    const { entityType, event, ctx } = job;
    const { externalId, existing } = target;
    await this.definition.outbound.delete(entityType, externalId, {
      ...ctx,
      idempotencyKey: idempotencyKeyFor(event.id),
      existingExternalId: externalId,
      existing,
      changedFields: null,
      catalogChangedAt: event.data.entity.updatedAt,
    });
    return this.deleted(job, externalId);
  }

  /** The external record a delete removes, or its result when there is none. */
  async target(job: Job<TClient>): Promise<OutboundResult | DeleteTarget> {
    const { entityType, event, scope, ctx } = job;
    const entityId = event.data.entity.id;
    const link = this.state.link(scope, entityType, entityId);
    const externalId =
      link?.externalId ??
      (await this.definition.outbound.findByConcordId?.(entityType, entityId, ctx)) ??
      null;
    if (externalId === null) {
      await this.jobOutcomes.report(job, 'skipped', null, null, null);
      return 'skipped-nothing-to-delete';
    }
    return { externalId, existing: { externalId, parts: link?.parts ?? {} } };
  }

  /** After the external delete: a tombstone link, the version register, the synced outcome. */
  async deleted(job: Job<TClient>, externalId: string): Promise<OutboundResult> {
    const { entityType, event, scope } = job;
    const entityId = event.data.entity.id;
    const link = this.state.link(scope, entityType, entityId);
    crashPoint('after-external-write');
    const deletedAt = event.data.entity.updatedAt;
    await this.state.markDeleted(scope, entityType, entityId, externalId, {
      updatedAt: link ? laterTime(link.updatedAt, deletedAt) : deletedAt,
      version: event.data.entity.version,
    });
    await this.writtenVersions.advance(recordKeyOf(job), event.data.entity.version);
    await this.jobOutcomes.report(job, 'synced', externalId, null, null);
    return 'synced';
  }
}
