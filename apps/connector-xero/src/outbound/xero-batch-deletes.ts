import type { BatchItemResult, ExternalCallContext } from '@concord/connector-kit';
import { NotFoundError, ValidationError, ValidationErrorCode } from '@concord/errors';
import type { EntityType } from '@concord/model';
import type { Contact, Invoice } from 'xero-node';

import type { XeroConnectionClient } from '../xero/xero-client.factory';
import {
  classifyXeroError,
  validationMessagesOf,
  xeroValidationError,
} from '../xero/xero-error.mapper';

type Ctx = ExternalCallContext<XeroConnectionClient>;
type Answer = Record<string, unknown>;

const GONE: BatchItemResult = { status: 'written', externalId: '', externalVersion: null };
const done = (externalId: string): BatchItemResult => ({ ...GONE, externalId });

/** What a call that failed as a whole means for each of its records (429, 5xx, network...). */
function failedCall(thrown: unknown): BatchItemResult {
  const error = classifyXeroError(thrown);
  return { status: error.retryable ? 'retryable' : 'permanent', error };
}

/** Xero's answer for one record of a `summarizeErrors=false` write: done, gone or refused. */
function resultOf(externalId: string, answer: Answer | undefined, record: string): BatchItemResult {
  const messages = answer ? validationMessagesOf(answer) : ['Xero answered no record'];
  const refused =
    messages.length > 0 ||
    answer?.['hasValidationErrors'] === true ||
    answer?.['hasErrors'] === true ||
    answer?.['statusAttributeString'] === 'ERROR';
  if (!refused) return done(externalId);
  // The record is gone already (deleted in Xero, or another replica's delete): nothing to do.
  if (messages.some((message) => /could not be found/i.test(message))) return done(externalId);
  return { status: 'permanent', error: xeroValidationError(messages, { record }) };
}

/** Every contact archived in ONE `POST /Contacts` (`ContactStatus: ARCHIVED` by ContactID). */
async function archiveContacts(ids: readonly string[], ctx: Ctx): Promise<BatchItemResult[]> {
  const contacts = ids.map((id) => ({ contactID: id, contactStatus: 'ARCHIVED' }));
  try {
    const answers = await ctx.call('archive-contacts', async (key) => {
      const { body } = await ctx.client.api.updateOrCreateContacts(
        ctx.client.tenantId,
        { contacts: contacts as unknown as Contact[] },
        false,
        key,
      );
      return (body.contacts ?? []) as unknown as Answer[];
    });
    return ids.map((id, i) => resultOf(id, answers[i], 'contacts'));
  } catch (thrown) {
    return ids.map(() => failedCall(thrown));
  }
}

/** A paid (or part paid) invoice: Xero voids it only once its payments are removed. */
export function paidInvoiceError(invoiceId: string, status: string): ValidationError {
  return new ValidationError(
    ValidationErrorCode.REJECTED_BY_UPSTREAM,
    `Xero: the ${status} invoice ${invoiceId} has payments applied and cannot be voided or deleted; remove its payments in Xero first`,
    [{ field: 'Status', message: 'An invoice with payments cannot be voided' }],
  );
}

/**
 * Invoices by their status in Xero, in two calls: one `GET /Invoices?IDs=` reads the statuses,
 * one `POST /Invoices` deletes the DRAFT and SUBMITTED ones (`DELETED`) and voids the AUTHORISED
 * ones (`VOIDED`). One with payments (PAID, or part paid) fails for good without a call; one
 * already voided, deleted or gone is done.
 */
async function removeInvoices(ids: readonly string[], ctx: Ctx): Promise<BatchItemResult[]> {
  let current: Answer[];
  try {
    current = await ctx.call('read-invoices', async () => {
      const { body } = await ctx.client.api.getInvoices(
        ctx.client.tenantId,
        undefined,
        undefined,
        undefined,
        [...ids],
      );
      return (body.invoices ?? []) as unknown as Answer[];
    });
  } catch (thrown) {
    return ids.map(() => failedCall(thrown));
  }
  const byId = new Map(current.map((invoice) => [String(invoice['invoiceID']), invoice]));
  const results: BatchItemResult[] = ids.map((id) => done(id));
  const writes: Array<{ index: number; body: { invoiceID: string; status: string } }> = [];
  for (const [index, id] of ids.entries()) {
    const invoice = byId.get(id);
    const status = String(invoice?.['status'] ?? 'GONE');
    const amountPaid = Number(invoice?.['amountPaid'] ?? 0);
    if (status === 'PAID' || (status === 'AUTHORISED' && amountPaid > 0)) {
      results[index] = { status: 'permanent', error: paidInvoiceError(id, status) };
    } else if (status === 'DRAFT' || status === 'SUBMITTED') {
      writes.push({ index, body: { invoiceID: id, status: 'DELETED' } });
    } else if (status === 'AUTHORISED') {
      writes.push({ index, body: { invoiceID: id, status: 'VOIDED' } });
    }
  }
  if (writes.length === 0) return results;
  try {
    const answers = await ctx.call('remove-invoices', async (key) => {
      const { body } = await ctx.client.api.updateOrCreateInvoices(
        ctx.client.tenantId,
        { invoices: writes.map((w) => w.body) as unknown as Invoice[] },
        false,
        undefined,
        key,
      );
      return (body.invoices ?? []) as unknown as Answer[];
    });
    for (const [i, { index, body }] of writes.entries()) {
      results[index] = resultOf(body.invoiceID, answers[i], 'invoices');
    }
  } catch (thrown) {
    for (const { index } of writes) results[index] = failedCall(thrown);
  }
  return results;
}

/**
 * Items one call each: Xero's API deletes an Item only by `DELETE /Items/{ItemID}` (no batch,
 * no archive status), so a batch of N product deletes costs N calls. Gone already is done.
 */
async function deleteItems(ids: readonly string[], ctx: Ctx): Promise<BatchItemResult[]> {
  const results: BatchItemResult[] = [];
  for (const [index, id] of ids.entries()) {
    try {
      await ctx.call(`delete-item-${index}`, () =>
        ctx.client.api.deleteItem(ctx.client.tenantId, id),
      );
      results.push(done(id));
    } catch (thrown) {
      const error = classifyXeroError(thrown);
      results.push(error instanceof NotFoundError ? done(id) : failedCall(error));
    }
  }
  return results;
}

/**
 * Deletes of one entity type as Xero allows them: customers archived (one call), invoices deleted
 * or voided by status (two calls), products deleted one by one. One result per id, in order.
 */
export function deleteXeroRecords(
  entityType: EntityType,
  ids: readonly string[],
  ctx: Ctx,
): Promise<BatchItemResult[]> {
  if (entityType === 'customer') return archiveContacts(ids, ctx);
  if (entityType === 'invoice') return removeInvoices(ids, ctx);
  return deleteItems(ids, ctx);
}
