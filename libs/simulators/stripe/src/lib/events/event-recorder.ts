import { SimulationClock, WebhookDispatcher } from '@concord/simulators/core';

import { StripeIdFactory } from '../accounts/stripe-id.factory';
import { cloneJson, JsonObject } from '../http/json-value';
import { StripeRequestContext } from '../http/stripe-route';
import { EventObject } from '../resources/stripe-objects';
import { stripeSignatureHeader } from '../webhooks/webhook-signature';
import { diffAttributes } from './attribute-diff';
import { eventTypeMatches } from './event-types';

export const STRIPE_API_VERSION = '2023-08-16';

/**
 * Records an event for a state change and hands it to the webhook dispatcher for every enabled
 * endpoint that subscribed to its type, signed per attempt with the simulation clock's time.
 */
export class EventRecorder {
  constructor(
    private readonly clock: SimulationClock,
    private readonly ids: StripeIdFactory,
    private readonly webhooks: WebhookDispatcher,
  ) {}

  /** Records `type` with the object's new state; for updates, pass the state before. */
  record(
    context: StripeRequestContext,
    type: string,
    object: JsonObject,
    before?: JsonObject,
  ): EventObject | undefined {
    const previous = before ? diffAttributes(before, object) : undefined;
    // Stripe sends no `*.updated` event for an update that changed nothing.
    if (previous && Object.keys(previous).length === 0) return undefined;
    const { account } = context;
    const endpoints = account.webhookEndpoints
      .newestFirst()
      .filter((endpoint) => endpoint.status === 'enabled')
      .filter((endpoint) => eventTypeMatches(endpoint.enabled_events, type))
      .reverse();
    const event: EventObject = {
      id: this.ids.long('evt'),
      object: 'event',
      api_version: STRIPE_API_VERSION,
      created: this.clock.nowSeconds(),
      data: {
        object: cloneJson(object),
        ...(previous ? { previous_attributes: previous } : {}),
      },
      livemode: false,
      pending_webhooks: endpoints.length,
      request: { id: context.requestId, idempotency_key: context.idempotencyKey },
      type,
    };
    account.events.insert(event);
    const body = JSON.stringify(event, null, 2);
    for (const endpoint of endpoints) {
      const secret = account.webhookSecrets.get(endpoint.id) ?? '';
      this.webhooks.enqueue({
        url: endpoint.url,
        body,
        eventId: event.id,
        eventType: type,
        headers: (attemptAtMs) => ({
          'content-type': 'application/json; charset=utf-8',
          'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
          'stripe-signature': stripeSignatureHeader(body, secret, Math.floor(attemptAtMs / 1000)),
        }),
        onDelivered: () => {
          event.pending_webhooks = Math.max(0, event.pending_webhooks - 1);
        },
      });
    }
    return event;
  }
}
