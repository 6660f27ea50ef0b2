import { verifyStripeSignature } from '@concord/auth';
import { isConcordIdempotencyKey, type WebhookSource } from '@concord/connector-kit';
import { AuthError, AuthErrorCode } from '@concord/errors';
import Stripe from 'stripe';

import { read, write } from '../outbound/stripe-call';
import { STRIPE_API_VERSION } from '../stripe/stripe-client.factory';
import type { StripeEvent2023 } from '../stripe/stripe-wire.types';
import { changesOfWebhookEvent, HANDLED_EVENT_TYPES, subjectOf } from './stripe-event.mapper';

function parseEvent(rawBody: Buffer): StripeEvent2023 {
  let event: unknown;
  try {
    event = JSON.parse(rawBody.toString('utf8'));
  } catch {
    event = null;
  }
  const candidate = event as Partial<StripeEvent2023> | null;
  if (
    !candidate ||
    candidate.object !== 'event' ||
    typeof candidate.id !== 'string' ||
    typeof candidate.type !== 'string' ||
    typeof candidate.created !== 'number' ||
    typeof candidate.data?.object?.id !== 'string'
  ) {
    throw new AuthError(AuthErrorCode.INVALID_SIGNATURE, 'The signed body is not a Stripe event');
  }
  return candidate as StripeEvent2023;
}

/**
 * Stripe webhooks: `Stripe-Signature` checked with a 300 s tolerance against the endpoint's
 * secret; Concord's own writes (their idempotency key starts with `concord-`) are echoes; the
 * endpoint is registered through the API and its secret kept by the kit. Registration is
 * idempotent: any other endpoint of the connection (tagged `concord_connection_id`) is deleted
 * first, since Stripe shows a secret only once and the kit keeps only the newest.
 */
export function stripeWebhookSource(
  now: () => number = Date.now,
): WebhookSource<Stripe, StripeEvent2023> {
  return {
    verify(rawBody, headers, secrets) {
      verifyStripeSignature({
        secret: secrets,
        payload: rawBody,
        header: headers['stripe-signature'],
        now,
      });
      return [parseEvent(rawBody)];
    },
    eventId: (event) => event.id,
    eventType: (event) => event.type,
    subjectOf: (event) => {
      const subject = subjectOf(event);
      return subject && `${subject.entityType}:${subject.externalId}`;
    },
    isOwnWrite: (event) => isConcordIdempotencyKey(event.request?.idempotency_key),
    toChanges: (event, ctx) => changesOfWebhookEvent(event, ctx),
    async register(url, known, ctx) {
      if (known) {
        const existing = await read(ctx, 'read-webhook-endpoint', () =>
          ctx.client.webhookEndpoints.retrieve(known.endpointId),
        ).catch(() => null);
        if (existing && existing.url === url && existing.status === 'enabled') {
          return { endpointId: existing.id, secret: null };
        }
      }
      // Endpoints this connection registered whose secret the kit does not hold (a crash between
      // registering and saving it, or the URL changed) are removed, so exactly one stays.
      const mine = await read(ctx, 'list-webhook-endpoints', () =>
        ctx.client.webhookEndpoints.list({ limit: 100 }),
      );
      for (const orphan of mine.data) {
        if (orphan.metadata?.['concord_connection_id'] !== ctx.connection.connectionId) continue;
        await write(ctx, 'delete-webhook-endpoint', { id: orphan.id }, (options) =>
          ctx.client.webhookEndpoints.del(orphan.id, {}, options),
        );
      }
      const params: Stripe.WebhookEndpointCreateParams = {
        url,
        enabled_events: [...HANDLED_EVENT_TYPES],
        api_version: STRIPE_API_VERSION as Stripe.WebhookEndpointCreateParams.ApiVersion,
        metadata: { concord_connection_id: ctx.connection.connectionId },
      };
      const endpoint = await write(ctx, 'register-webhook', params, (options) =>
        ctx.client.webhookEndpoints.create(params, options),
      );
      if (!endpoint.secret)
        throw new Error('Stripe returned a webhook endpoint without its secret');
      return { endpointId: endpoint.id, secret: endpoint.secret };
    },
  };
}
