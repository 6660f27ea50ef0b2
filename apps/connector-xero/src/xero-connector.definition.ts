import { defaultProviderHosts } from '@concord/auth';
import type { ConnectorDefinition } from '@concord/connector-kit';
import { EntityTypes } from '@concord/model';

import { listXero } from './inbound/xero-listing';
import { xeroModifiedSincePollSource } from './inbound/xero-modified-since.poll-source';
import { xeroPaymentsPollSource } from './inbound/xero-payments.poll-source';
import { type XeroEventGroup, xeroWebhookSource } from './inbound/xero-webhook.source';
import { xeroContactMapper } from './mappers/xero-contact.mapper';
import { xeroInvoiceMapper } from './mappers/xero-invoice.mapper';
import { xeroItemMapper } from './mappers/xero-item.mapper';
import { type XeroMapped, xeroOutboundAdapter } from './outbound/xero-outbound.adapter';
import { createXeroClient, type XeroConnectionClient } from './xero/xero-client.factory';
import { classifyXeroError } from './xero/xero-error.mapper';

export interface XeroDefinitionOptions {
  /** The app's webhook signing key (one per Xero app); undefined refuses every delivery. */
  webhookKey: string | undefined;
  /** An organisation's calls in a rolling minute; Xero's 60 by default (`XERO_CALLS_PER_MINUTE`). */
  callsPerMinute?: number;
}

/**
 * Xero allows an organisation 60 calls in a rolling minute and 5 at once. A bucket of 5 refilled
 * at 55 a minute never exceeds 60 in any minute (5 + 55); at most 5 calls of an organisation are
 * in flight across every replica (the kit's call slots). No fixed reserve for live changes: they
 * go ahead of backfill in the kit's budget, so a backfill uses the whole budget while no live
 * call waits, and a live change waits at most for the next token.
 */
export const XERO_RATE_LIMIT = {
  perSecond: 55 / 60,
  burst: 5,
  concurrency: 5,
} as const;

/** What makes the Xero connector: mappers, the xero-node adapter, webhooks and polled streams. */
export function xeroConnectorDefinition(
  options: XeroDefinitionOptions,
): ConnectorDefinition<XeroConnectionClient, XeroEventGroup, XeroMapped> {
  return {
    system: 'xero',
    entityTypes: EntityTypes,
    allowedHosts: defaultProviderHosts.xero,
    defaultBaseUrl: 'https://api.xero.com',
    rateLimit: {
      ...XERO_RATE_LIMIT,
      // The burst plus the refill never exceed the minute's calls (5 + 55 for Xero's 60).
      perSecond: ((options.callsPerMinute ?? 60) - XERO_RATE_LIMIT.burst) / 60,
    },
    // The organisation's 5,000 calls a day, from the last answer's `X-DayLimit-Remaining`.
    dailyAllowance: { usage: (client) => client.dayLimit.usage() },
    createClient: createXeroClient,
    mappers: {
      customer: xeroContactMapper,
      product: xeroItemMapper,
      invoice: xeroInvoiceMapper,
    },
    outbound: xeroOutboundAdapter(),
    inbound: {
      webhook: xeroWebhookSource(options.webhookKey),
      // Items and payments have no webhooks; contacts and invoices are polled as the safety net
      // (when the connection sets `pollIntervalMs`, and on every reconciliation).
      poll: [
        xeroModifiedSincePollSource('product'),
        xeroModifiedSincePollSource('customer'),
        xeroModifiedSincePollSource('invoice'),
        xeroPaymentsPollSource(),
      ],
      listAll: (entityType, ctx) => listXero(entityType, ctx),
    },
    // The cheapest authenticated read of the organisation.
    healthProbe: async (client) => {
      await client.api.getOrganisations(client.tenantId);
    },
    classifyError: classifyXeroError,
  };
}
