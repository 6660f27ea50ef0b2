import { benchPool } from '../services/bench-pool';

/**
 * Polls a count until it reaches `target`; fails when it stops moving for `stallMs`. Resolves
 * with the time the target was reached (ms since epoch).
 */
export async function waitForCount(
  databaseUrl: string,
  sql: string,
  params: unknown[],
  target: number,
  onProgress: (count: number) => void,
  stallMs = 180_000,
): Promise<number> {
  const pool = benchPool({ connectionString: databaseUrl, max: 1 });
  try {
    let last = -1;
    let movedAt = Date.now();
    let reportedAt = 0;
    for (;;) {
      const { rows } = await pool.query<{ n: string }>(sql, params);
      const count = Number(rows[0]?.n ?? 0);
      const now = Date.now();
      if (count >= target) return now;
      if (count !== last) {
        last = count;
        movedAt = now;
      }
      if (now - reportedAt > 10_000) {
        reportedAt = now;
        onProgress(count);
      }
      if (now - movedAt > stallMs)
        throw new Error(`stalled at ${count} of ${target} for ${stallMs / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } finally {
    await pool.end();
  }
}

export const CUSTOMERS_OF_TENANTS =
  'SELECT count(*) AS n FROM customers WHERE tenant_id = ANY($1) AND deleted_at IS NULL';

export const EXPORTED_CUSTOMERS_OF_TENANTS = `SELECT count(*) AS n FROM identity_links
  WHERE tenant_id = ANY($1) AND system = 'stripe' AND entity_type = 'customer'`;

/** Customers of the tenants linked to a record of the system `$2` (its `synced` outcome applied). */
export const CUSTOMERS_LINKED_TO_SYSTEM = `SELECT count(*) AS n FROM identity_links
  WHERE tenant_id = ANY($1) AND system = $2 AND entity_type = 'customer'`;
