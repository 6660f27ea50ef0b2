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
  await catalog.expect([200, 201], 'PUT', '/v1/integrations/stripe', {
    enabled: false,
    direction: 'both',
    entityTypes: invoices ? ['customer', 'product', 'invoice'] : ['customer', 'product'],
    matchingKeys: { customer: ['email'] },
    settings: { baseUrl: simulatorUrl },
  });
  await catalog.expect([200, 201, 204], 'POST', '/v1/integrations/stripe/credentials', {
    apiKey: tenant.stripeKey,
  });
  await catalog.expect([200], 'PATCH', '/v1/integrations/stripe', { enabled: true });
  const deadline = Date.now() + 60_000;
  let last: unknown = null;
  while (Date.now() < deadline) {
    const status = await catalog.request<{ state: string; webhook: unknown }>(
      'GET',
      '/v1/integrations/stripe/status',
    );
    last = status.body;
    if (status.status === 200 && status.body.state === 'active' && status.body.webhook) return;
    await sleep(250);
  }
  throw new Error(`the Stripe connection did not become active: ${JSON.stringify(last)}`);
}
