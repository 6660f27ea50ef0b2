import { contentHash, contentOf } from '@concord/model';

import type { ConnectorDefinition } from '../definition/connector-definition';
import type { BudgetLane } from '../definition/outbound-adapter';
import { completeContentHash } from '../state/complete-content-hash';
import type { ConnectorStateStore } from '../state/connector-state-store';
import type { WrittenVersions } from '../state/written-versions';
import type { DeleteIntent, WriteIntent } from './batch-upsert-steps';
import { adoptCatalogLinks } from './catalog-link-adopter';
import type { DependencyGate } from './dependency-gate';
import type { JobOutcomes } from './job-outcomes';
import { linkHintFrom } from './link-hint';
import {
  echoNeedsCheck,
  echoOverwritten,
  isEcho,
  isStale,
  isUnchanged,
  laterTime,
} from './outbound-decisions';
import type { OutboundDeletes } from './outbound-deletes';
import {
  AWAITED_CONNECTION_HEADER,
  type Job,
  type OutboundResult,
  recordKeyOf,
} from './outbound-job';

/**
 * Everything before a record's write, under its lock: stale versions, echoes (accepted, or written
 * back over the connector's own later write), unchanged content, deletes, and the dependencies a
 * write needs linked first.
 */
export class WriteDecider<TClient> {
  constructor(
    private readonly definition: ConnectorDefinition<TClient>,
    private readonly state: ConnectorStateStore,
    private readonly gate: DependencyGate<TClient>,
    private readonly writtenVersions: WrittenVersions,
    private readonly deletes: OutboundDeletes<TClient>,
    private readonly jobOutcomes: JobOutcomes,
  ) {}

  /**
   * A result when there is nothing to write (stale, echo, unchanged, a delete, done here), else
   * what to write. With `deferDelete`, a delete's target is returned for a batch to delete.
   * Throws DEPENDENCY_NOT_READY for a missing dependency.
   */
  async decide(
    job: Job<TClient>,
    lane: BudgetLane,
    deferDelete = false,
  ): Promise<OutboundResult | WriteIntent | DeleteIntent> {
    const { entityType, event, scope } = job;
    const entity = event.data.entity;
    await adoptCatalogLinks(this.state, scope, job.headers, this.definition.system, job.ctx.log);
    const link = this.state.link(scope, entityType, entity.id);
    if (isStale(await this.lastWrittenVersion(job), entity.version)) return 'skipped-stale';
    const content = contentOf(entityType, entity);
    const hash = event.data.operation === 'deleted' ? null : contentHash(entityType, content);
    // An echo the catalog asks to have written (resync): it knows the system holds another value.
    if (isEcho(event.origin, this.definition.system) && !job.resync) {
      if (!(await this.echoOverwritten(job, hash))) return this.acceptEcho(job, hash);
      // The catalog took this system's value, but the connector's own write replaced it there
      // meanwhile: written back, or the two sides would cross over for good.
      job.ctx.log.info({ version: entity.version }, 'echo written back over our own later write');
    } else if (event.data.operation === 'deleted') {
      if (!deferDelete) return this.deletes.deleteOne(job);
      const target = await this.deletes.target(job);
      return typeof target === 'string' ? target : { delete: target };
    }
    if (hash !== null && isUnchanged(link, hash) && !job.resync) {
      if (link && (link.version ?? 0) < entity.version) {
        await this.state.saveLink(scope, entityType, entity.id, {
          ...link,
          updatedAt: entity.updatedAt,
          version: entity.version,
        });
      }
      await this.jobOutcomes.report(job, 'skipped', link?.externalId ?? null, null, hash);
      return 'skipped-unchanged';
    }
    await this.gate.ensureLinked(entityType, content, job.ctx);
    const awaited = job.headers[AWAITED_CONNECTION_HEADER] === '1';
    return { content, hash: hash as string, matchByKeys: lane === 'backfill' || awaited };
  }

  /** Whether the system holds what the connector last wrote instead of the echo's content. */
  private async echoOverwritten(job: Job<TClient>, hash: string | null): Promise<boolean> {
    const link = this.state.link(job.scope, job.entityType, job.event.data.entity.id);
    const read = this.definition.outbound.readContent;
    if (!link || !read || !echoNeedsCheck(link, hash)) return false;
    const held = await read(job.entityType, link.externalId, job.ctx);
    const heldHash = held === null ? null : completeContentHash(job.entityType, held);
    return echoOverwritten(link, hash, heldHash);
  }

  /**
   * The catalog applied a change observed in this very system: nothing to write back. The link
   * learns the content both sides now hold, and, for a record first seen externally, which
   * catalog id it got (from the correlation id catalog-service carried over). No outcome is
   * published: the catalog recorded the link, the content's hash and the sync state when it
   * applied the change, so an outcome would change nothing there and cost a message, a
   * transaction and an activity row per inbound change.
   */
  private async acceptEcho(job: Job<TClient>, hash: string | null): Promise<OutboundResult> {
    const { entityType, event, scope } = job;
    const entity = event.data.entity;
    const link = this.state.link(scope, entityType, entity.id);
    if (event.data.operation === 'deleted') {
      if (link) {
        await this.state.markDeleted(scope, entityType, entity.id, link.externalId, {
          updatedAt: laterTime(link.updatedAt, entity.updatedAt),
          version: Math.max(link.version ?? 0, entity.version),
        });
      }
      return 'skipped-echo';
    }
    const hint = linkHintFrom(event.correlationId, this.definition.system);
    const externalId =
      link?.externalId ?? (hint?.entityType === entityType ? hint.externalId : null);
    const newer = link?.version === undefined || link.version < entity.version;
    if (
      externalId !== null &&
      (link?.contentHash !== hash || link.externalId !== externalId || newer)
    ) {
      await this.state.saveLink(scope, entityType, entity.id, {
        externalId,
        parts: link?.parts ?? {},
        contentHash: hash,
        updatedAt: link ? laterTime(link.updatedAt, entity.updatedAt) : entity.updatedAt,
        // Both sides hold this version's content, unless a newer one was written already.
        version: newer ? entity.version : link?.version,
      });
    }
    return 'skipped-echo';
  }

  /** The newest version written for the record, by any replica (or known from the state topic). */
  private async lastWrittenVersion(job: Job<TClient>): Promise<number | null> {
    const shared = await this.writtenVersions.latest(recordKeyOf(job));
    const known = this.state.lastWrittenVersion(job.scope, job.entityType, job.event.subject);
    if (shared === null) return known;
    return known === null ? shared : Math.max(shared, known);
  }
}
