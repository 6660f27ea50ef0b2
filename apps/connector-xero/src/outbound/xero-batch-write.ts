import type { BatchItem, BatchItemResult, UpsertContext, WriteBatch } from '@concord/connector-kit';
import type { EntityType } from '@concord/model';

import type { XeroInvoiceWrite } from '../mappers/xero-invoice.mapper';
import type { XeroConnectionClient } from '../xero/xero-client.factory';
import {
  classifyXeroError,
  validationMessagesOf,
  xeroValidationError,
} from '../xero/xero-error.mapper';
import {
  contactBatches,
  invoiceBatches,
  invoiceTotalDifference,
  itemBatches,
  type XeroAnswer,
  type XeroBatchContext,
  type XeroBatchResource,
  type XeroBody,
} from './xero-batch-resources';
import { xeroInvoiceWriter } from './xero-invoice.writer';

/** Xero takes up to 50 records in one PUT or POST (more is a ValidationException). */
export const XERO_BATCH_SIZE = 50;

type Item = BatchItem<EntityType, unknown>;
interface Pending {
  index: number;
  body: XeroBody;
}

const RESOURCES: Record<EntityType, XeroBatchResource<unknown>> = {
  customer: contactBatches as XeroBatchResource<unknown>,
  product: itemBatches as XeroBatchResource<unknown>,
  invoice: invoiceBatches as XeroBatchResource<unknown>,
};

/** The messages of a record Xero refused (`StatusAttributeString: ERROR`), or null when kept. */
function refusalOf(answer: XeroAnswer | undefined): string[] | null {
  if (!answer) return ['Xero answered no record'];
  const messages = validationMessagesOf(answer);
  const failed =
    messages.length > 0 ||
    answer['hasValidationErrors'] === true ||
    answer['hasErrors'] === true ||
    answer['statusAttributeString'] === 'ERROR';
  return failed ? messages : null;
}

const wantsVoid = (item: Item): boolean =>
  (item.mapped as XeroInvoiceWrite | null)?.invoice?.status === 'VOIDED';

/**
 * One batch of contacts, items or invoices in as few calls as Xero allows: a PUT of the new
 * records, a POST of the linked ones (by id) together with the new ones whose natural key Xero
 * already holds (matched by it), and for invoices a POST voiding the new ones meant to be void.
 * Each call carries the batch's Idempotency-Key (per step) and `summarizeErrors=false`, so every
 * record answers for itself: a refused one is a permanent validation error naming its field; a
 * call that fails (429, 5xx, network) fails its records with that error, retryable or not.
 */
export class XeroBatchWrite {
  private readonly results: Array<BatchItemResult | undefined>;
  private readonly resource: XeroBatchResource<unknown>;
  /** New invoices meant to be void that Xero held already, voided by their number. */
  private readonly voidedByNumber = new Set<number>();

  constructor(
    private readonly batch: WriteBatch<EntityType, unknown>,
    private readonly ctx: XeroBatchContext,
  ) {
    this.results = batch.items.map(() => undefined);
    this.resource = RESOURCES[batch.entityType];
  }

  async run(): Promise<BatchItemResult[]> {
    const creates: Pending[] = [];
    const updates: Pending[] = [];
    const alone: number[] = [];
    for (const [index, item] of this.batch.items.entries()) {
      // Voiding a linked invoice depends on its status in Xero: written as one record.
      if (this.batch.entityType === 'invoice' && item.existing && wantsVoid(item)) {
        alone.push(index);
        continue;
      }
      const body = this.resource.bodyOf(item);
      if (isResult(body)) this.results[index] = body;
      else (item.existing ? updates : creates).push({ index, body });
    }
    const matched: Pending[] = [];
    const retried = { put: [] as Pending[], post: [] as Pending[] };
    await this.send('put', creates, (pending, answer, messages) => {
      if (messages && this.resource.naturalKeyTaken(messages)) matched.push(this.matched(pending));
      else this.settleOrRetry(retried.put, pending, answer, messages);
    });
    await this.send('post', [...updates, ...matched], (pending, answer, messages) =>
      this.settleOrRetry(retried.post, pending, answer, messages),
    );
    // Sent again with the value Xero keeps unique changed (a contact's Name); its own steps.
    for (const method of ['put', 'post'] as const) {
      await this.send(
        method,
        retried[method],
        (pending, answer, messages) => this.settle(pending.index, answer, messages),
        '-retried',
      );
    }
    if (this.batch.entityType === 'invoice') await this.voidNewInvoices(creates);
    for (const index of alone) await this.writeAlone(index);
    return this.results.map(
      (result) =>
        result ?? { status: 'permanent', error: xeroValidationError(['Xero answered no record']) },
    );
  }

  private async send(
    method: 'put' | 'post',
    pending: readonly Pending[],
    onAnswer: (pending: Pending, answer: XeroAnswer | undefined, messages: string[] | null) => void,
    stepSuffix = '',
  ): Promise<void> {
    if (pending.length === 0) return;
    const step = `${method}-${this.resource.collection}${stepSuffix}`;
    try {
      const answers = await this.ctx.call(step, (key) =>
        this.resource.send(
          method,
          pending.map((p) => p.body),
          key,
          this.ctx,
        ),
      );
      for (const [i, one] of pending.entries()) onAnswer(one, answers[i], refusalOf(answers[i]));
    } catch (thrown) {
      const error = classifyXeroError(thrown);
      const status = error.retryable ? 'retryable' : 'permanent';
      for (const one of pending) this.results[one.index] = { status, error };
    }
  }

  /** A refusal the resource answers with another body is queued to be sent again. */
  private settleOrRetry(
    queue: Pending[],
    pending: Pending,
    answer: XeroAnswer | undefined,
    messages: string[] | null,
  ): void {
    const item = this.batch.items[pending.index] as Item;
    const body = messages ? this.resource.retriedBodyOf?.(messages, pending.body, item) : null;
    if (body) queue.push({ index: pending.index, body });
    else this.settle(pending.index, answer, messages);
  }

  private settle(index: number, answer: XeroAnswer | undefined, messages: string[] | null): void {
    const item = this.batch.items[index] as Item;
    if (messages !== null || !answer) {
      this.results[index] = {
        status: 'permanent',
        error: xeroValidationError(messages ?? [], { record: this.resource.collection }),
      };
      return;
    }
    this.results[index] = this.resource.writtenOf(answer, item);
    if (this.batch.entityType === 'invoice') {
      const difference = invoiceTotalDifference(answer, item.mapped as XeroInvoiceWrite);
      if (difference) {
        this.ctx.log.warn(
          { invoiceId: answer['invoiceID'], ...difference },
          "Xero's invoice total differs from the catalog's",
        );
      }
    }
  }

  /**
   * A create whose natural key Xero already holds, POSTed keyed by it. One meant to be void was
   * written before (created approved, perhaps voided since, which then refuses any content): it
   * is voided by its number alone, which a voided invoice accepts as it is.
   */
  private matched(pending: Pending): Pending {
    if (
      this.batch.entityType !== 'invoice' ||
      !wantsVoid(this.batch.items[pending.index] as Item)
    ) {
      return pending;
    }
    this.voidedByNumber.add(pending.index);
    return {
      index: pending.index,
      body: { invoiceNumber: pending.body['invoiceNumber'], status: 'VOIDED' },
    };
  }

  /** New invoices meant to be void were created approved: one POST voids them all. */
  private async voidNewInvoices(creates: readonly Pending[]): Promise<void> {
    const toVoid: Pending[] = [];
    for (const { index } of creates) {
      const result = this.results[index];
      const item = this.batch.items[index] as Item;
      if (result?.status === 'written' && wantsVoid(item) && !this.voidedByNumber.has(index)) {
        toVoid.push({ index, body: { invoiceID: result.externalId, status: 'VOIDED' } });
      }
    }
    await this.send('post', toVoid, (pending, answer, messages) =>
      this.settle(pending.index, answer, messages),
    );
  }

  /** One record through the per-record writer, its steps numbered so keys stay distinct. */
  private async writeAlone(index: number): Promise<void> {
    const item = this.batch.items[index] as Item;
    const ctx: UpsertContext<XeroConnectionClient> = {
      ...this.ctx,
      idempotencyKey: item.idempotencyKey,
      existingExternalId: item.existing?.externalId ?? null,
      existing: item.existing,
      changedFields: item.changedFields,
      catalogChangedAt: item.catalogChangedAt,
      call: (step, request) => this.ctx.call(`${step}-${index}`, request),
    };
    try {
      const result = await xeroInvoiceWriter.upsert(
        item.entityId,
        item.mapped as XeroInvoiceWrite,
        ctx,
      );
      this.results[index] = { status: 'written', ...result };
    } catch (thrown) {
      const error = classifyXeroError(thrown);
      this.results[index] = { status: error.retryable ? 'retryable' : 'permanent', error };
    }
  }
}

function isResult(value: XeroBody | BatchItemResult): value is BatchItemResult {
  return 'error' in value && (value['status'] === 'retryable' || value['status'] === 'permanent');
}
