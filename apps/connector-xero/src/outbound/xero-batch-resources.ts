import type { BatchItem, BatchItemResult, ExternalCallContext } from '@concord/connector-kit';
import { ConnectorKitErrorCode } from '@concord/connector-kit';
import { RetryableError } from '@concord/errors';
import type { EntityType } from '@concord/model';
import type { Contact, Invoice, Item } from 'xero-node';

import type { XeroContactPayload } from '../mappers/xero-contact.mapper';
import {
  contactNameTaken,
  disambiguatedContactName,
  isDisambiguated,
} from '../mappers/xero-contact-name';
import type { XeroInvoiceWrite } from '../mappers/xero-invoice.mapper';
import { derivedItemCode, type XeroItemPayload } from '../mappers/xero-item.mapper';
import { fromXeroAmount } from '../xero/xero-amounts';
import type { XeroConnectionClient } from '../xero/xero-client.factory';
import { isoInstantOfXeroDate } from '../xero/xero-dates';
import { ITEM_CODE_PART } from './xero-item.writer';

export type XeroBatchContext = ExternalCallContext<XeroConnectionClient>;
export type XeroBody = Record<string, unknown>;
/** A record as xero-node answers it: the fields the writer reads, and the per-record status. */
export type XeroAnswer = Record<string, unknown>;

/** How one Xero collection is written in batches (PUT creates, POST updates or matches). */
export interface XeroBatchResource<TMapped> {
  /** Step name of its calls (`contacts` -> `put-contacts`, `post-contacts`). */
  collection: string;
  /** The record to send, or the result the item gets without a call (a missing dependency). */
  bodyOf(item: BatchItem<EntityType, TMapped>): XeroBody | BatchItemResult;
  /** PUT (create only) or POST (update by id, else by natural key, else create) of the bodies. */
  send(
    method: 'put' | 'post',
    bodies: XeroBody[],
    key: string,
    ctx: XeroBatchContext,
  ): Promise<XeroAnswer[]>;
  /**
   * Whether a create was refused because its natural key (the catalog id as ContactNumber, the
   * Item Code, the InvoiceNumber) is already in Xero: the record exists, and a POST keyed by that
   * natural key updates it instead (a create whose link was lost, a backfill over a written record).
   */
  naturalKeyTaken(messages: readonly string[]): boolean;
  /**
   * The body to send again when Xero refused the record for a value it keeps unique that the
   * catalog does not (a contact's Name), or null: the refusal stands.
   */
  retriedBodyOf?(
    messages: readonly string[],
    body: XeroBody,
    item: BatchItem<EntityType, TMapped>,
  ): XeroBody | null;
  /** The link of a written record. */
  writtenOf(answer: XeroAnswer, item: BatchItem<EntityType, TMapped>): BatchItemResult;
}

const written = (
  id: unknown,
  updated: unknown,
  parts?: Record<string, string>,
): BatchItemResult => ({
  status: 'written',
  externalId: String(id ?? ''),
  externalVersion: isoInstantOfXeroDate(updated),
  ...(parts ? { parts } : {}),
});

const said = (messages: readonly string[], pattern: RegExp): boolean =>
  messages.some((message) => pattern.test(message));

/** Customers as Contacts; the catalog id is the ContactNumber (Xero matches POSTs by it). */
export const contactBatches: XeroBatchResource<XeroContactPayload> = {
  collection: 'contacts',
  bodyOf: (item) => {
    const mapped = item.mapped as XeroContactPayload;
    const body: XeroBody = { ...mapped, contactNumber: item.entityId };
    if (item.existing) body['contactID'] = item.existing.externalId;
    return body;
  },
  async send(method, bodies, key, { client }) {
    const contacts = { contacts: bodies as unknown as Contact[] };
    const { body } =
      method === 'put'
        ? await client.api.createContacts(client.tenantId, contacts, false, key)
        : await client.api.updateOrCreateContacts(client.tenantId, contacts, false, key);
    return (body.contacts ?? []) as unknown as XeroAnswer[];
  },
  naturalKeyTaken: (messages) => said(messages, /contact number .* already assigned/i),
  retriedBodyOf: (messages, body, item) => {
    const name = String(body['name'] ?? '');
    if (!contactNameTaken(messages) || isDisambiguated(name, item.entityId)) return null;
    return { ...body, name: disambiguatedContactName(name, item.entityId) };
  },
  writtenOf: (answer) => written(answer['contactID'], answer['updatedDateUTC']),
};

/** Products as Items; the Item Code is the SKU (Xero matches POSTs by it). */
export const itemBatches: XeroBatchResource<XeroItemPayload> = {
  collection: 'items',
  bodyOf: (item) => {
    const mapped = item.mapped as XeroItemPayload;
    const body: XeroBody = { ...mapped, code: mapped.code ?? derivedItemCode(item.entityId) };
    if (item.existing) body['itemID'] = item.existing.externalId;
    return body;
  },
  async send(method, bodies, key, { client }) {
    const items = { items: bodies as unknown as Item[] };
    const { body } =
      method === 'put'
        ? await client.api.createItems(client.tenantId, items, false, undefined, key)
        : await client.api.updateOrCreateItems(client.tenantId, items, false, undefined, key);
    return (body.items ?? []) as unknown as XeroAnswer[];
  },
  naturalKeyTaken: (messages) => said(messages, /item code .* already exists/i),
  writtenOf: (answer, item) =>
    written(answer['itemID'], answer['updatedDateUTC'], {
      [ITEM_CODE_PART]: String(
        answer['code'] ?? (item.mapped as XeroItemPayload).code ?? derivedItemCode(item.entityId),
      ),
    }),
};

/**
 * Invoices as ACCREC Invoices with their lines (Xero matches POSTs by InvoiceNumber). One without
 * its customer's contact waits (DEPENDENCY_NOT_READY). A new invoice meant to be void is created
 * approved, then voided by the writer (Xero voids only approved invoices).
 */
export const invoiceBatches: XeroBatchResource<XeroInvoiceWrite> = {
  collection: 'invoices',
  bodyOf: (item) => {
    const { invoice } = item.mapped as XeroInvoiceWrite;
    if (!invoice.contact.contactID) {
      return {
        status: 'retryable',
        error: new RetryableError(
          ConnectorKitErrorCode.DEPENDENCY_NOT_READY,
          'The invoice customer has no Xero contact yet',
        ),
      };
    }
    const body: XeroBody = { ...invoice };
    if (invoice.status === 'VOIDED') body['status'] = 'AUTHORISED';
    if (item.existing) body['invoiceID'] = item.existing.externalId;
    return body;
  },
  async send(method, bodies, key, { client }) {
    const invoices = { invoices: bodies as unknown as Invoice[] };
    const { body } =
      method === 'put'
        ? await client.api.createInvoices(client.tenantId, invoices, false, undefined, key)
        : await client.api.updateOrCreateInvoices(client.tenantId, invoices, false, undefined, key);
    return (body.invoices ?? []) as unknown as XeroAnswer[];
  },
  naturalKeyTaken: (messages) => said(messages, /invoice # must be unique/i),
  writtenOf: (answer) => written(answer['invoiceID'], answer['updatedDateUTC']),
};

/** Xero's Total of a written invoice, when it differs from the catalog's (minor units). */
export function invoiceTotalDifference(
  answer: XeroAnswer,
  write: XeroInvoiceWrite,
): { xeroTotal: number; catalogTotal: number } | null {
  const total = answer['total'];
  if (typeof total !== 'number') return null;
  const xeroTotal = fromXeroAmount(total, write.invoice.currencyCode);
  return xeroTotal === write.expectedTotal
    ? null
    : { xeroTotal, catalogTotal: write.expectedTotal };
}
