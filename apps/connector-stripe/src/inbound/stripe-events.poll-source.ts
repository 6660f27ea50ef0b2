import type { InboundChangeDraft, PollSource } from '@concord/connector-kit';
import { isConcordIdempotencyKey } from '@concord/connector-kit';
import { NotFoundError } from '@concord/errors';
import type Stripe from 'stripe';

import { read } from '../outbound/stripe-call';
import type { StripeEvent2023 } from '../stripe/stripe-wire.types';
import { changesOfListedEvent } from './stripe-event.mapper';

type EventPage = { data: StripeEvent2023[]; has_more: boolean };
type ListEvents = (params: Stripe.EventListParams) => Promise<EventPage>;

/** Events newer than `cursor`, oldest first (`ending_before` pages walk towards the present). */
async function eventsAfter(cursor: string, list: ListEvents): Promise<StripeEvent2023[]> {
  const events: StripeEvent2023[] = [];
  let after = cursor;
  for (;;) {
    const page = await list({ limit: 100, ending_before: after });
    const chronological = [...page.data].reverse();
    events.push(...chronological);
    if (!page.has_more || chronological.length === 0) return events;
    after = chronological[chronological.length - 1].id;
  }
}

/** Every retained event, oldest first (for a stream that started before any event existed). */
async function everyEvent(list: ListEvents): Promise<StripeEvent2023[]> {
  const newestFirst: StripeEvent2023[] = [];
  let before: string | undefined;
  for (;;) {
    const page = await list({ limit: 100, ...(before ? { starting_after: before } : {}) });
    newestFirst.push(...page.data);
    if (!page.has_more || page.data.length === 0) return newestFirst.reverse();
    before = page.data[page.data.length - 1].id;
  }
}

/**
 * `/v1/events` as a polled stream, resumed after the last event read (its id is the durable
 * cursor). A null cursor starts at the newest event without reporting anything; an expired cursor
 * (older than Stripe's 30 days) starts again from the newest. Concord's own writes are skipped.
 */
export const stripeEventsPollSource: PollSource<Stripe> = {
  stream: 'stripe-events',
  async poll(cursor, ctx) {
    const list: ListEvents = (params) =>
      read(ctx, 'list-events', () =>
        ctx.client.events.list(params),
      ) as unknown as Promise<EventPage>;
    const newest = async (): Promise<string> => (await list({ limit: 1 })).data[0]?.id ?? '';
    if (cursor === null) return { changes: [], nextCursor: await newest() };
    let events: StripeEvent2023[];
    try {
      events = cursor === '' ? await everyEvent(list) : await eventsAfter(cursor, list);
    } catch (error) {
      if (error instanceof NotFoundError) return { changes: [], nextCursor: await newest() };
      throw error;
    }
    const changes: InboundChangeDraft[] = events
      .filter((event) => !isConcordIdempotencyKey(event.request?.idempotency_key))
      .flatMap((event) => changesOfListedEvent(event, ctx));
    return { changes, nextCursor: events[events.length - 1]?.id ?? cursor };
  },
};
