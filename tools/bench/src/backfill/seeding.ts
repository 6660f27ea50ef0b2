import type Stripe from 'stripe';

import { runConcurrently } from '../load/concurrent-runner';
import { benchPool } from '../services/bench-pool';

/** Creates `count` customers in a Stripe (simulator) account through the SDK, concurrently. */
export async function seedStripeCustomers(
  stripe: Stripe,
  count: number,
  concurrency = 32,
): Promise<number> {
  const run = await runConcurrently(count, concurrency, (index) =>
    stripe.customers.create({ name: `Imported ${index}`, email: `import-${index}@bench.example` }),
  );
  return run.perSecond;
}

/**
 * Inserts `count` customers per tenant straight into catalog-service's `customers` table (the
 * columns the API writes, version 1). No outbox rows: nothing consumes catalog events of a tenant
 * before its connection exists, and the export under test is the backfill, which reads the table.
 */
export async function seedCatalogCustomers(
  databaseUrl: string,
  tenantIds: string[],
  countPerTenant: number,
): Promise<void> {
  const pool = benchPool({ connectionString: databaseUrl, max: 2 });
  try {
    for (const tenantId of tenantIds) {
      await pool.query(
        `INSERT INTO customers (id, tenant_id, version, name, email, metadata)
         SELECT gen_random_uuid(), $1, 1, 'Exported ' || g, 'export-' || $1 || '-' || g || '@bench.example', '{}'
         FROM generate_series(1, $2::int) AS g`,
        [tenantId, countPerTenant],
      );
    }
    await pool.query('ANALYZE customers');
  } finally {
    await pool.end();
  }
}
