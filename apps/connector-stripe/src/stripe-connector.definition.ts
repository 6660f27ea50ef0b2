import { defaultProviderHosts } from '@concord/auth';
import type { ConnectorDefinition } from '@concord/connector-kit';
import { EntityTypes } from '@concord/model';
import type Stripe from 'stripe';

import { stripeEventsPollSource } from './inbound/stripe-events.poll-source';
import { listAllStripe } from './inbound/stripe-listing';
import { stripeWebhookSource } from './inbound/stripe-webhook.source';
import { stripeCustomerMapper } from './mappers/stripe-customer.mapper';
import { stripeFieldMappingProblem } from './mappers/stripe-field-mappings';
import { stripeInvoiceMapper } from './mappers/stripe-invoice.mapper';
import { stripeProductMapper } from './mappers/stripe-product.mapper';
import { type StripeMapped, stripeOutboundAdapter } from './outbound/stripe-outbound.adapter';
import { createStripeClient } from './stripe/stripe-client.factory';
import { classifyStripeError } from './stripe/stripe-error.mapper';
import type { StripeEvent2023 } from './stripe/stripe-wire.types';

export interface StripeDefinitionOptions {
  /** Sustained requests per second per tenant (Stripe allows 25 in test mode, 100 live). */
  perSecond: number;
}

/** What makes the Stripe connector: mappers, the SDK-based adapter, webhooks and /v1/events. */
export function stripeConnectorDefinition(
  options: StripeDefinitionOptions,
): ConnectorDefinition<Stripe, StripeEvent2023, StripeMapped> {
  return {
    system: 'stripe',
    entityTypes: EntityTypes,
    allowedHosts: defaultProviderHosts.stripe,
    defaultBaseUrl: 'https://api.stripe.com',
    rateLimit: {
      perSecond: options.perSecond,
      burst: Math.max(1, Math.floor(options.perSecond / 2)),
      liveReserve: 0.5,
    },
    createClient: createStripeClient,
    fieldMappingProblem: stripeFieldMappingProblem,
    mappers: {
      customer: stripeCustomerMapper,
      product: stripeProductMapper,
      invoice: stripeInvoiceMapper,
    },
    outbound: stripeOutboundAdapter(),
    inbound: {
      webhook: stripeWebhookSource(),
      poll: [stripeEventsPollSource],
      listAll: (entityType, ctx) => listAllStripe(entityType, ctx),
    },
    // The cheapest authenticated read: it proves the key works and Stripe answers.
    healthProbe: async (client) => {
      await client.customers.list({ limit: 1 });
    },
    // "Test the connection": the same cheap read with the connection's real key (the simulator
    // serves no /v1/balance); a refused key fails with Stripe's own message.
    testConnection: async (client) => {
      await client.customers.list({ limit: 1 });
    },
    classifyError: classifyStripeError,
  };
}
