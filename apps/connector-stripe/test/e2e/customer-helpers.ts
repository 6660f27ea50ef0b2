import type { E2eTenant } from './stripe-e2e-world';

interface Created {
  id: string;
}

/** Creates `count` customers through the catalog API, one after another; returns their ids. */
export async function createCustomers(
  tenant: E2eTenant,
  count: number,
  label: string,
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const response = await tenant.catalog.post<Created>('/v1/customers', {
      name: `${label} ${i}`,
      email: `${label}.${i}@example.com`,
    });
    if (response.status !== 201) throw new Error(`create failed: ${response.status}`);
    ids.push(response.body.id);
  }
  return ids;
}

/** Concord ids of the customers in the tenant's Stripe account, one entry per Stripe customer. */
export async function stripeConcordIds(tenant: E2eTenant): Promise<string[]> {
  const ids: string[] = [];
  for await (const customer of tenant.stripe.customers.list({ limit: 100 })) {
    ids.push(customer.metadata['concord_id'] ?? `(none: ${customer.id})`);
  }
  return ids.sort();
}
