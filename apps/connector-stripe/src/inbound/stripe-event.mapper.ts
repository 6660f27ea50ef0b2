import type { InboundChangeDraft, InboundContext } from '@concord/connector-kit';
import { NotFoundError } from '@concord/errors';
import type { EntityType } from '@concord/model';
import type Stripe from 'stripe';

import { idOf } from '../mappers/concord-metadata';
import { fetchCurrent, stripeMappers } from '../outbound/stripe-current-record';
import type { StripeEvent2023 } from '../stripe/stripe-wire.types';
import { reportedChangeOf } from './stripe-reported-change';

/** The event types the connector turns into canonical changes (and registers its webhook for). */
export const HANDLED_EVENT_TYPES = [
  'customer.created',
  'customer.updated',
  'customer.deleted',
  'product.created',
  'product.updated',
  'product.deleted',
  'price.created',
  'price.updated',
  'invoice.created',
  'invoice.updated',
  'invoice.finalized',
  'invoice.paid',
  'invoice.payment_succeeded',
  'invoice.voided',
  'invoice.marked_uncollectible',
  'invoice.deleted',
] as const;

const HANDLED = new Set<string>(HANDLED_EVENT_TYPES);

/** The record an event is about: a price event is about its product. */
export function subjectOf(
  event: StripeEvent2023,
): { entityType: EntityType; externalId: string } | null {
  if (!HANDLED.has(event.type)) return null;
  const [prefix] = event.type.split('.');
  const object = event.data.object;
  if (prefix === 'price') {
    const product = idOf(object['product'] as string | { id: string } | null);
    return product ? { entityType: 'product', externalId: product } : null;
  }
  return { entityType: prefix as EntityType, externalId: object.id };
}

function changedAtOf(event: StripeEvent2023): string {
  return new Date(event.created * 1000).toISOString();
}

/** Maps a Stripe object (as fetched or as carried by an event) to a draft change. */
export function draftOf(
  entityType: EntityType,
  object: unknown,
  event: StripeEvent2023,
  ctx: InboundContext<Stripe>,
): InboundChangeDraft {
  const record = stripeMappers[entityType].toCanonical(object, {
    links: ctx.links,
    connection: ctx.connection,
  });
  const base = {
    externalId: record.externalId,
    sourceEventId: event.id,
    changedAt: changedAtOf(event),
  };
  if (record.deleted) {
    return {
      ...base,
      entityType,
      operation: 'delete',
      externalVersion: null,
      content: null,
    } as InboundChangeDraft;
  }
  return {
    ...base,
    entityType,
    operation: 'upsert',
    externalVersion: record.externalVersion,
    content: record.content,
    catalogId: record.catalogId,
  } as InboundChangeDraft;
}

/**
 * A webhook event becomes the record's current state, fetched from Stripe: deliveries may come
 * late, twice or out of order, and the latest state is right whatever the order. A record that is
 * gone is reported deleted. Null for event types the connector does not handle. An update also
 * carries its change as the event reported it (`asReported`): when Concord's own write replaced it
 * before the fetch, the kit publishes that instead, so the catalog records the conflict.
 */
export async function changesOfWebhookEvent(
  event: StripeEvent2023,
  ctx: InboundContext<Stripe>,
): Promise<InboundChangeDraft[] | null> {
  const subject = subjectOf(event);
  if (!subject) return null;
  let current: unknown;
  try {
    current = await fetchCurrent(subject.entityType, subject.externalId, ctx);
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    current = { id: subject.externalId, deleted: true };
  }
  const draft = draftOf(subject.entityType, current, event, ctx);
  const asReported = reportedChangeOf(subject.entityType, event, ctx);
  return [asReported ? ({ ...draft, asReported } as InboundChangeDraft) : draft];
}

/**
 * An event read from `/v1/events` becomes a change from the object it carries (events are read in
 * order, so the last one per record wins). Price events are left to listings, which expand prices.
 */
export function changesOfListedEvent(
  event: StripeEvent2023,
  ctx: InboundContext<Stripe>,
): InboundChangeDraft[] {
  const subject = subjectOf(event);
  if (!subject || event.type.startsWith('price.')) return [];
  const object = event.type.endsWith('.deleted')
    ? { id: subject.externalId, deleted: true }
    : event.data.object;
  return [draftOf(subject.entityType, object, event, ctx)];
}
