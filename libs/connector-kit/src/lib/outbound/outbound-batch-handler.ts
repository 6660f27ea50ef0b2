import { classifyError, type ConcordError } from '@concord/errors';
import type { BatchHandlerResult, ConsumedMessage, MessageDisposition } from '@concord/kafka';
import { contentOf, type EntityType } from '@concord/model';

import type { BatchOperation } from '../definition/batch-writer';
import type { ConnectorDefinition } from '../definition/connector-definition';
import type { EntityRef } from '../definition/resolved-connection';
import { DeferredRetryError } from '../errors/deferred-retry.error';
import type { BatchingSender } from '../transport/batching-sender';
import { coalesceEvents, type CoalescibleEvent } from './batch-coalescer';
import { HANDED_BACK } from './batch-combiner';
import { parseCatalogEvent } from './catalog-event-parser';
import type { OutboundProcessor } from './outbound-processor';
import { batchSizeFor } from './record-by-record-writer';

const DONE: MessageDisposition = { kind: 'done' };
/** Handed back by the batch combiner: read again with the records behind it. */
const REDELIVER: MessageDisposition = { kind: 'redeliver' };

/**
 * The outbound side of a consumed batch: its catalog events are grouped per tenant (one
 * connection per tenant and system), coalesced (each record once, its newest version; the older
 * ones are skipped without a call) and written in dependency order (customers and products before
 * the invoices that reference them) by the OutboundProcessor, which keeps every per-record rule
 * (record lock, stale and echo checks, dependency gate, parking, lanes, idempotency). What they
 * publish is collected and returned, for the runner to send in one request before one commit.
 */
export class OutboundBatchHandler<TClient> {
  constructor(
    private readonly definition: Pick<ConnectorDefinition<TClient>, 'mappers' | 'outbound'>,
    private readonly processor: Pick<
      OutboundProcessor<TClient>,
      'handle' | 'handleUpsertBatch' | 'handleDeleteBatch'
    >,
    private readonly sender: BatchingSender,
  ) {}

  async handle(messages: readonly ConsumedMessage[]): Promise<BatchHandlerResult> {
    const { result: dispositions, outputs } = await this.sender.collect(() =>
      this.dispositions(messages),
    );
    return { dispositions, outputs };
  }

  private async dispositions(messages: readonly ConsumedMessage[]): Promise<MessageDisposition[]> {
    const dispositions: MessageDisposition[] = messages.map(() => DONE);
    const byTenant = new Map<string, Array<CoalescibleEvent<number>>>();
    const unparsed: number[] = [];
    for (const [index, message] of messages.entries()) {
      try {
        const { entityType, event } = parseCatalogEvent(message.value);
        const tenant = byTenant.get(event.tenant) ?? [];
        tenant.push({ ref: index, entityType, event });
        byTenant.set(event.tenant, tenant);
      } catch {
        unparsed.push(index);
      }
    }
    // Not a catalog event: the processor refuses it again, and that becomes its dead letter.
    for (const index of unparsed) dispositions[index] = await this.writeOne(messages[index]);
    for (const events of byTenant.values()) {
      const { groups } = coalesceEvents(events, {
        dependenciesOf: (entityType, event) => {
          const dependencies = this.definition.mappers[entityType].dependencies as
            ((content: unknown) => readonly EntityRef[]) | undefined;
          return dependencies?.(contentOf(entityType, event.data.entity as never)) ?? [];
        },
        maxBatchSize: (entityType) =>
          this.batched(entityType)
            ? batchSizeFor(this.definition.outbound.batch, entityType)
            : Number.MAX_SAFE_INTEGER,
      });
      // Superseded events stay `done`: a newer version of their record is written instead.
      for (const group of groups) {
        if (this.batched(group.entityType, group.operation)) {
          const members = group.members.map((member) => messages[member.ref] as ConsumedMessage);
          const results =
            group.operation === 'upsert'
              ? await this.processor.handleUpsertBatch(members)
              : await this.processor.handleDeleteBatch(members);
          for (const [i, member] of group.members.entries()) {
            const result = results[i];
            dispositions[member.ref] =
              result === HANDED_BACK
                ? REDELIVER
                : typeof result === 'object'
                  ? dispositionOf(result)
                  : DONE;
          }
          continue;
        }
        for (const member of group.members) {
          dispositions[member.ref] = await this.writeOne(messages[member.ref]);
        }
      }
    }
    return dispositions;
  }

  private async writeOne(message: ConsumedMessage | undefined): Promise<MessageDisposition> {
    if (message === undefined) return DONE;
    try {
      await this.processor.handle(message);
      return DONE;
    } catch (thrown) {
      return dispositionOf(classifyError(thrown));
    }
  }

  /** This operation on this type goes through the adapter's `writeBatch` (records > 1 a call). */
  private batched(entityType: EntityType, operation: BatchOperation = 'upsert'): boolean {
    const batch = this.definition.outbound.batch;
    const operations = batch?.operations ?? ['upsert'];
    return operations.includes(operation) && batchSizeFor(batch, entityType) > 1;
  }
}

/** What the runner does with a message whose handling failed with `error`. */
function dispositionOf(error: ConcordError): MessageDisposition {
  if (error instanceof DeferredRetryError) {
    return { kind: 'retry', delayMs: error.retryAfterMs, error: error.original };
  }
  return error.retryable ? { kind: 'retry', delayMs: 0, error } : { kind: 'dead-letter', error };
}
