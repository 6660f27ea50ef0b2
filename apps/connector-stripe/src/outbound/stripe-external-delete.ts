import { externalDeleteStands, type UpsertContext } from '@concord/connector-kit';
import type { EntityType } from '@concord/model';
import type Stripe from 'stripe';

import type { StripeEvent2023 } from '../stripe/stripe-wire.types';
import { read } from './stripe-call';

/** Pages of `<type>.deleted` events read to find when an object was deleted (100 each). */
const MAX_EVENT_PAGES = 5;

/** When Stripe deleted the object, from its `<type>.deleted` event; null when not found. */
async function deletedAtOf(
  entityType: EntityType,
  externalId: string,
  ctx: UpsertContext<Stripe>,
): Promise<Date | null> {
  let startingAfter: string | undefined;
  for (let page = 0; page < MAX_EVENT_PAGES; page += 1) {
    const params: Stripe.EventListParams = {
      type: `${entityType}.deleted`,
      limit: 100,
      ...(startingAfter ? { starting_after: startingAfter } : {}),
    };
    const events = (await read(ctx, 'list-delete-events', () =>
      ctx.client.events.list(params),
    )) as unknown as { data: StripeEvent2023[]; has_more: boolean };
    const found = events.data.find((event) => event.data.object.id === externalId);
    if (found) return new Date(found.created * 1000);
    if (!events.has_more || events.data.length === 0) return null;
    startingAfter = events.data[events.data.length - 1].id;
  }
  return null;
}

/**
 * Whether a record whose linked Stripe object is gone may be created again: only when the
 * connection's conflict policy lets the catalog's record win over Stripe's delete (see
 * `externalDeleteStands`). Otherwise the adapter raises `externalDeletePending` and Stripe's
 * delete reaches the catalog inbound, where the same policy applies it.
 */
export async function mayRecreate(
  entityType: EntityType,
  externalId: string,
  ctx: UpsertContext<Stripe>,
): Promise<boolean> {
  const policy = ctx.connection.settings.conflictPolicy;
  const deletedAt =
    policy.default === 'last-writer-wins' ? await deletedAtOf(entityType, externalId, ctx) : null;
  return !externalDeleteStands({ policy, catalogChangedAt: ctx.catalogChangedAt, deletedAt });
}
