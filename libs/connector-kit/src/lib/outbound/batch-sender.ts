import { createHash } from 'node:crypto';

import { classifyError } from '@concord/errors';
import type { EntityType } from '@concord/model';

import type { ConnectionEntry } from '../connections/connection-state';
import type { BatchItem, BatchItemResult, BatchOperation } from '../definition/batch-writer';
import type { ConnectorDefinition } from '../definition/connector-definition';
import { childLogger, type KitLogger } from '../definition/kit-logger';
import type { BudgetLane } from '../definition/outbound-adapter';
import type { ExternalCaller } from './external-caller';

/** One record of a batch call, with what the call needs to be made. */
export interface BatchRecord<TClient> {
  entry: ConnectionEntry<TClient>;
  lane: BudgetLane;
  log: KitLogger;
  entityType: EntityType;
  operation: BatchOperation;
  item: BatchItem<EntityType, unknown>;
}

/**
 * Makes one `writeBatch` call with these records (all of one connection, entity type and lane):
 * `tokensPerCall` tokens, a key from the items' keys; a call that throws or answers the wrong
 * number of results fails every record alike.
 */
export function batchSender<TClient>(
  definition: Pick<ConnectorDefinition<TClient>, 'outbound'>,
  caller: ExternalCaller,
): (records: ReadonlyArray<BatchRecord<TClient>>) => Promise<BatchItemResult[]> {
  return async (records) => {
    const writer = definition.outbound.batch;
    const first = records[0];
    if (!writer || !first) return [];
    const items = records.map((record) => record.item);
    const log = childLogger(first.log, { records: items.length });
    try {
      const ctx = caller.batchContext(
        first.entry,
        first.lane,
        log,
        batchKeyOf(items),
        writer.tokensPerCall ?? 1,
      );
      const batch = { entityType: first.entityType, operation: first.operation, items };
      const results = await writer.writeBatch(batch, ctx);
      if (results.length !== items.length) {
        throw new Error(`writeBatch returned ${results.length} results for ${items.length} items`);
      }
      return results;
    } catch (thrown) {
      const error = classifyError(thrown);
      return items.map(() => ({ status: error.retryable ? 'retryable' : 'permanent', error }));
    }
  };
}

/** The same items (the same events) always make the same key: a redelivered batch replays. */
function batchKeyOf(items: ReadonlyArray<{ idempotencyKey: string }>): string {
  const digest = createHash('sha256')
    .update(items.map((item) => item.idempotencyKey).join('\n'))
    .digest('hex');
  return `concord-batch-${digest.slice(0, 32)}`;
}
