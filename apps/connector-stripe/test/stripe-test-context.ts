import { randomUUID } from 'node:crypto';

import { OutboundUrlPolicy, pinnedAgent } from '@concord/auth';
import type {
  ExistingLink,
  LinkLookup,
  ResolvedConnection,
  UpsertContext,
} from '@concord/connector-kit';
import { silentKitLogger } from '@concord/connector-kit';
import { aConnectionSettings } from '@concord/testing';
import type Stripe from 'stripe';

import { createStripeClient } from '../src/stripe/stripe-client.factory';
import { classifyStripeError } from '../src/stripe/stripe-error.mapper';

/** Links for tests: a plain map, as the kit's state store would hold them. */
export class TestLinks implements LinkLookup {
  readonly map = new Map<string, string>();

  set(entityType: string, entityId: string, externalId: string, part?: string): void {
    this.map.set(`${entityType}:${entityId}${part ? `:${part}` : ''}`, externalId);
  }

  externalId(entityType: string, entityId: string, part?: string): string | null {
    return this.map.get(`${entityType}:${entityId}${part ? `:${part}` : ''}`) ?? null;
  }

  entityId(entityType: string, externalId: string): string | null {
    for (const [key, value] of this.map) {
      const [type, id, part] = key.split(':');
      if (type === entityType && value === externalId && part === undefined) return id;
    }
    return null;
  }
}

/** A connection to the simulator at `baseUrl` with `apiKey`, as the kit resolves it. */
export function simulatorConnection(baseUrl: string, apiKey: string): ResolvedConnection {
  const settings = aConnectionSettings({ settings: { baseUrl } });
  const url = new URL(baseUrl);
  const policy = new OutboundUrlPolicy({ allowedHosts: [], allowedLoopback: [url.host] });
  return {
    tenant: settings.tenant,
    connectionId: settings.connectionId,
    system: 'stripe',
    settings,
    credentials: { apiKey },
    baseUrl: url,
    httpAgent: pinnedAgent(policy, url, { keepAlive: true }),
  };
}

/**
 * The context the kit hands the adapter, minus the budget: each call gets the event's key plus its
 * step and is classified like the kit does. `keys` records what was sent.
 */
export function upsertContext(
  connection: ResolvedConnection,
  options: {
    links?: TestLinks;
    existing?: ExistingLink | null;
    eventId?: string;
    changedFields?: string[] | null;
    catalogChangedAt?: string;
    client?: Stripe;
  } = {},
): UpsertContext<Stripe> & { keys: string[] } {
  const keys: string[] = [];
  const base = `concord-${options.eventId ?? randomUUID()}`;
  return {
    client: options.client ?? createStripeClient(connection),
    connection,
    links: options.links ?? new TestLinks(),
    lane: 'live',
    log: silentKitLogger,
    idempotencyKey: base,
    existingExternalId: options.existing?.externalId ?? null,
    existing: options.existing ?? null,
    changedFields: options.changedFields ?? null,
    catalogChangedAt: options.catalogChangedAt ?? new Date().toISOString(),
    keys,
    call: async (step, request) => {
      const key = `${base}-${step}`;
      keys.push(key);
      try {
        return await request(key);
      } catch (error) {
        throw classifyStripeError(error);
      }
    },
  };
}
