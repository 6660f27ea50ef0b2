import type { WebhookSource } from '@concord/connector-kit';
import { AuthError, AuthErrorCode } from '@concord/errors';

import type { XeroConnectionClient } from '../xero/xero-client.factory';
import { contactsByIds, draftOf, invoicesByIds } from './xero-records';
import { isValidXeroSignature } from './xero-webhook-signature';

/** One event of a Xero webhook batch: only ids, a category and the organisation. */
export interface XeroWebhookEvent {
  resourceId: string;
  eventDateUtc: string;
  eventType: string;
  eventCategory: string;
  tenantId: string;
}

/** The events of one delivery for one organisation and category: read back in one call per 50 ids. */
export interface XeroEventGroup {
  /** The delivery's sequence range, organisation and category (a redelivery has the same). */
  id: string;
  tenantId: string;
  category: 'CONTACT' | 'INVOICE' | string;
  resourceIds: string[];
}

interface XeroWebhookBatch {
  events: XeroWebhookEvent[];
  firstEventSequence: number;
  lastEventSequence: number;
}

function parseBatch(rawBody: Buffer): XeroWebhookBatch {
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawBody.toString('utf8'));
  } catch {
    parsed = null;
  }
  const batch = parsed as Partial<XeroWebhookBatch> | null;
  if (!batch || !Array.isArray(batch.events)) {
    throw new AuthError(AuthErrorCode.INVALID_SIGNATURE, 'The signed body is not a Xero batch');
  }
  return batch as XeroWebhookBatch;
}

/** A delivery's events grouped by organisation and category, ids de-duplicated. */
export function groupXeroEvents(batch: XeroWebhookBatch): XeroEventGroup[] {
  const groups = new Map<string, XeroEventGroup>();
  for (const event of batch.events) {
    const key = `${event.tenantId}:${event.eventCategory}`;
    const group = groups.get(key) ?? {
      id: `${batch.firstEventSequence}-${batch.lastEventSequence}:${key}`,
      tenantId: event.tenantId,
      category: event.eventCategory,
      resourceIds: [],
    };
    if (!group.resourceIds.includes(event.resourceId)) group.resourceIds.push(event.resourceId);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/**
 * Xero webhooks: one signing key for the whole app (`XERO_WEBHOOK_KEY`), `x-xero-signature` the
 * base64 HMAC-SHA256 of the raw body. Events carry only ids: each organisation's CONTACT and
 * INVOICE ids of a delivery are read back with `IDs=` (one call per 50), so the catalog gets the
 * records as Xero holds them now. Events of another organisation than the connection's are
 * skipped (the app-level controller hands each connection the whole delivery). Xero events carry
 * no idempotency key: Concord's own writes come back and are settled by content (the catalog
 * finds nothing changed).
 */
export function xeroWebhookSource(
  webhookKey: string | undefined,
): WebhookSource<XeroConnectionClient, XeroEventGroup> {
  return {
    verify(rawBody, headers) {
      if (!isValidXeroSignature(rawBody, headers['x-xero-signature'], webhookKey)) {
        throw new AuthError(AuthErrorCode.INVALID_SIGNATURE, 'Invalid x-xero-signature');
      }
      return groupXeroEvents(parseBatch(rawBody));
    },
    eventId: (group) => group.id,
    eventType: (group) => group.category,
    isOwnWrite: () => false,
    async toChanges(group, ctx) {
      if (group.tenantId !== ctx.client.tenantId) return [];
      if (group.category === 'CONTACT') {
        const contacts = await contactsByIds(group.resourceIds, ctx);
        return contacts.map((contact) => draftOf('customer', contact, ctx));
      }
      if (group.category === 'INVOICE') {
        const invoices = await invoicesByIds(group.resourceIds, ctx);
        return invoices
          .filter((invoice) => (invoice as { type?: unknown }).type?.toString() === 'ACCREC')
          .map((invoice) => draftOf('invoice', invoice, ctx));
      }
      return null;
    },
  };
}
