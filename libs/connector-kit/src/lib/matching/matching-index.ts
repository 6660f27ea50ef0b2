import type { DistributedLock } from '@concord/auth';
import type { CatalogEvent, EntityType } from '@concord/model';

import type {
  ExternalCallContext,
  MatchCandidate,
  OutboundAdapter,
} from '../definition/outbound-adapter';
import type { StateScope } from '../state/connector-state-store';
import {
  catalogField,
  claimField,
  keyField,
  type MatchingIndexStore,
} from './matching-index-store';

/** The catalog's snapshot events of one backfill job carry `backfill-<jobId>` as correlation id. */
const BACKFILL_CORRELATION_PREFIX = 'backfill-';
/** Long enough to list a million records at a modest rate; a crashed builder blocks no longer. */
const BUILD_LEASE_MS = 15 * 60 * 1000;
/** Entries sent to the store at once (a list page is 100 records). */
const LOAD_CHUNK = 500;

/** The backfill run a catalog event belongs to (its job), or null for any other event. */
export function backfillRunOf(event: CatalogEvent): string | null {
  const correlation = event.correlationId;
  return correlation?.startsWith(BACKFILL_CORRELATION_PREFIX) ? correlation : null;
}

/** Which index: one per connection, entity type and backfill run. */
export interface IndexScope {
  scope: StateScope;
  entityType: EntityType;
  run: string;
}

/**
 * A backfill's matching index: the external system's records of one type, listed once per
 * connection and run (100 records a call, with the adapter's `listForMatching`), so that matching
 * a catalog record costs no call at all. The first record of the run that needs the index builds
 * it, under a lease shared by every replica; the others wait and then use it. Records claimed by
 * a match or created during the run are kept as claimed, so no second catalog record matches them
 * (a record already linked to another catalog id is never a match).
 */
export class MatchingIndex<TClient> {
  constructor(
    private readonly outbound: Pick<OutboundAdapter<TClient, never>, 'listForMatching'>,
    private readonly store: MatchingIndexStore,
    private readonly lock: DistributedLock,
  ) {}

  /**
   * The external record for the catalog record: its id, null when there is none, or undefined
   * when the index cannot answer (no `listForMatching` for the type, or a system too large to
   * index): the caller then looks the record up per record.
   */
  async match(
    at: IndexScope,
    catalogId: string,
    keys: ReadonlyArray<readonly [key: string, value: string]>,
    ctx: ExternalCallContext<TClient>,
  ): Promise<string | null | undefined> {
    if (!this.outbound.listForMatching) return undefined;
    const index = indexName(at);
    const fields = keys.map(([key, value]) => keyField(key, value));
    let answer = await this.store.match(index, catalogId, fields);
    if (answer.status === 'missing') {
      const built = await this.build(at, index, ctx);
      if (!built) return undefined;
      answer = await this.store.match(index, catalogId, fields);
    }
    return answer.status === 'ready' ? answer.externalId : undefined;
  }

  /** The catalog record was written as `externalId` during the run: claimed for it. */
  async remember(at: IndexScope, catalogId: string, externalId: string): Promise<void> {
    if (!this.outbound.listForMatching) return;
    await this.store.claim(indexName(at), catalogId, externalId);
  }

  /** Builds the index unless another holder of the lease did; false when it cannot be used. */
  private build(
    at: IndexScope,
    index: string,
    ctx: ExternalCallContext<TClient>,
  ): Promise<boolean> {
    return this.lock.withLock(`matching-index:${index}`, BUILD_LEASE_MS, async () => {
      const status = await this.store.status(index);
      if (status !== 'missing') return status === 'ready';
      const candidates = this.outbound.listForMatching?.(at.entityType, ctx) ?? null;
      if (candidates === null) return false;
      const keys = ctx.connection.settings.matchingKeys[at.entityType] ?? [];
      const complete = await this.load(index, candidates, keys);
      await this.store.finish(index, complete ? 'ready' : 'too-large');
      ctx.log.info(
        { entityType: at.entityType, run: at.run, usable: complete },
        complete ? 'matching index built' : 'too many records to index; matching per record',
      );
      return complete;
    });
  }

  /** Reads every candidate into the store; false once more than the store's bound were read. */
  private async load(
    index: string,
    candidates: AsyncIterable<MatchCandidate>,
    keys: readonly string[],
  ): Promise<boolean> {
    let records = 0;
    let chunk: Array<readonly [string, string]> = [];
    for await (const candidate of candidates) {
      records += 1;
      if (records > this.store.maxRecords) return false;
      chunk.push(...entriesOf(candidate, keys));
      if (chunk.length >= LOAD_CHUNK) {
        await this.store.load(index, chunk);
        chunk = [];
      }
    }
    await this.store.load(index, chunk);
    return true;
  }
}

/** A record carrying a catalog id is that record's (and claimed); any other is found by its keys. */
function entriesOf(
  candidate: MatchCandidate,
  keys: readonly string[],
): Array<readonly [string, string]> {
  if (candidate.concordId) {
    return [
      [catalogField(candidate.concordId), candidate.externalId],
      [claimField(candidate.externalId), candidate.concordId],
    ];
  }
  return keys.flatMap((key) => {
    const value = candidate.keys[key];
    return value ? [[keyField(key, value), candidate.externalId] as const] : [];
  });
}

function indexName(at: IndexScope): string {
  return `${at.scope.tenant}:${at.scope.connectionId}:${at.entityType}:${at.run}`;
}
