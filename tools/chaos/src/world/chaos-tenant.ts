import { randomUUID } from 'node:crypto';

import { CatalogClient } from '../clients/catalog-client';
import type { RetryCounter } from '../clients/retry';
import { sleep } from '../clients/retry';

export interface ChaosTenant {
  tenantId: string;
  apiKey: string;
  stripeKey: string;
}

const NO_RETRY_COUNT: RetryCounter = { retried: () => undefined };

/** Creates the run's tenant (platform admin API) and returns its first API key. */
export async function createTenant(
  catalogUrl: string,
  adminKey: string,
  run: string,
): Promise<ChaosTenant> {
  const admin = new CatalogClient(catalogUrl, adminKey, NO_RETRY_COUNT);
  const tenantId = `chaos-${run}`;
  const created = await admin.expect<{ apiKey: { key: string } }>(
    [201],
    'POST',
    '/v1/admin/tenants',
    {
      id: tenantId,
      name: `Chaos run ${run}`,
    },
  );
  return {
    tenantId,
    apiKey: created.body.apiKey.key,
    // A fresh `sk_test_` key is a Stripe account of its own in the simulator.
    stripeKey: `sk_test_${randomUUID().replace(/-/g, '')}`,
  };
}

/** Connects the tenant to its Stripe account both ways and waits until the connector is active. */
export async function connectStripe(
  catalog: CatalogClient,
  tenant: ChaosTenant,
  simulatorUrl: string,
  invoices = false,
): Promise<void> {
  await connectSystem(
    catalog,
    'stripe',
    {
      entityTypes: invoices ? ['customer', 'product', 'invoice'] : ['customer', 'product'],
      matchingKeys: { customer: ['email'] },
      settings: { baseUrl: simulatorUrl },
    },
    { apiKey: tenant.stripeKey },
    // The webhook endpoint the connector registers in Stripe is part of being active.
    (status) => Boolean(status['webhook']),
  );
}

/**
 * Saves a connection both ways (disabled), its credentials, enables it and waits until its
 * connector reports it active (and `ready` holds, when given).
 */
export async function connectSystem(
  catalog: CatalogClient,
  system: string,
  integration: Record<string, unknown>,
  credentials: Record<string, string>,
  ready: (status: Record<string, unknown>) => boolean = () => true,
): Promise<void> {
  await catalog.expect([200, 201], 'PUT', `/v1/integrations/${system}`, {
    enabled: false,
    direction: 'both',
    ...integration,
  });
  await catalog.expect(
    [200, 201, 204],
    'POST',
    `/v1/integrations/${system}/credentials`,
    credentials,
  );
  await catalog.expect([200], 'PATCH', `/v1/integrations/${system}`, { enabled: true });
  const deadline = Date.now() + 60_000;
  let last: unknown = null;
  while (Date.now() < deadline) {
    const status = await catalog.request<Record<string, unknown>>(
      'GET',
      `/v1/integrations/${system}/status`,
    );
    last = status.body;
    if (status.status === 200 && status.body['state'] === 'active' && ready(status.body)) return;
    await sleep(250);
  }
  throw new Error(`the ${system} connection did not become active: ${JSON.stringify(last)}`);
}
