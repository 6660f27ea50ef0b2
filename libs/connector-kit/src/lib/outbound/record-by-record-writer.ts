import { classifyError, type ConcordError } from '@concord/errors';
import type { ContentByEntityType, EntityType } from '@concord/model';

import type {
  BatchItem,
  BatchItemResult,
  BatchWriter,
  WriteBatch,
} from '../definition/batch-writer';
import type {
  ExternalCallContext,
  OutboundAdapter,
  UpsertContext,
} from '../definition/outbound-adapter';

/** The context of one record's own calls (its idempotency key is the record's, not the batch's). */
export type RecordContextFactory<TClient, E extends EntityType, TMapped> = (
  item: BatchItem<E, TMapped>,
) => ExternalCallContext<TClient>;

/**
 * The batch capability the kit gives a connector that has none (Stripe): each item is written
 * through the per-record `upsert`/`delete`, in the batch's order, and what one throws becomes that
 * record's result (retryable or permanent, classified). After an authentication failure the rest
 * of the batch is not tried: every call would be refused the same way.
 */
export async function writeRecordByRecord<
  TClient,
  TMapped extends Record<EntityType, unknown>,
  E extends EntityType,
>(
  outbound: Pick<OutboundAdapter<TClient, TMapped>, 'upsert' | 'delete'>,
  batch: WriteBatch<E, TMapped[E]>,
  contextFor: RecordContextFactory<TClient, E, TMapped[E]>,
): Promise<BatchItemResult[]> {
  const results: BatchItemResult[] = [];
  let refused: ConcordError | null = null;
  for (const item of batch.items) {
    if (refused) {
      results.push({ status: 'permanent', error: refused });
      continue;
    }
    try {
      results.push(await writeOne(outbound, batch, item, contextFor(item)));
    } catch (thrown) {
      const error = classifyError(thrown);
      if (error.category === 'auth') refused = error;
      results.push({ status: error.retryable ? 'retryable' : 'permanent', error });
    }
  }
  return results;
}

async function writeOne<TClient, TMapped extends Record<EntityType, unknown>, E extends EntityType>(
  outbound: Pick<OutboundAdapter<TClient, TMapped>, 'upsert' | 'delete'>,
  batch: WriteBatch<E, TMapped[E]>,
  item: BatchItem<E, TMapped[E]>,
  callContext: ExternalCallContext<TClient>,
): Promise<BatchItemResult> {
  const ctx: UpsertContext<TClient> = {
    ...callContext,
    idempotencyKey: item.idempotencyKey,
    existingExternalId: item.existing?.externalId ?? null,
    existing: item.existing,
    changedFields: item.changedFields,
    catalogChangedAt: item.catalogChangedAt,
  };
  if (batch.operation === 'delete') {
    if (!item.existing) throw new Error('a delete batch item carries no link');
    await outbound.delete(batch.entityType, item.existing.externalId, {
      ...ctx,
      existing: item.existing,
    });
    return { status: 'written', externalId: item.existing.externalId, externalVersion: null };
  }
  if (item.mapped === null) throw new Error('an upsert batch item carries no payload');
  const written = await outbound.upsert(batch.entityType, item.entityId, item.mapped, {
    ...ctx,
    content: item.content as ContentByEntityType[E],
  });
  return { status: 'written', ...written };
}

/** The most records the kit puts in one batch of this entity type (1 without a bulk endpoint). */
export function batchSizeFor<TClient, TMapped extends Record<EntityType, unknown>>(
  batch: BatchWriter<TClient, TMapped> | undefined,
  entityType: EntityType,
): number {
  const size = batch?.maxBatchSize[entityType];
  return size !== undefined && size >= 1 ? Math.floor(size) : 1;
}
