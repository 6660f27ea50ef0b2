import { databaseUrlFor } from '@concord/database';
import { Client } from 'pg';
import type { EntityManager } from 'typeorm';

import { type ActivityInput, ActivityRepository } from '../../src/sync/activity.repository';
import type { SecurityCatalog } from './security-catalog';

/**
 * Writes one activity row for a tenant with catalog-service's own repository (its INSERT and its
 * NOTIFY), as the applier does when a connector's change lands; returns the row's id.
 */
export async function writeActivity(
  catalog: SecurityCatalog,
  input: ActivityInput,
): Promise<string> {
  const client = new Client({
    connectionString: databaseUrlFor(catalog.env.DATABASE_URL, catalog.env.CATALOG_DATABASE),
  });
  await client.connect();
  try {
    const manager = {
      query: (sql: string, params: unknown[]) => client.query(sql, params).then((r) => r.rows),
    };
    // The repository only calls manager.query: a pg client answers it the same way.
    await new ActivityRepository().record(manager as unknown as EntityManager, input);
    const { rows } = await client.query<{ id: string }>(
      'SELECT id FROM activity WHERE tenant_id = $1 ORDER BY created_at DESC LIMIT 1',
      [input.tenantId],
    );
    return rows[0]?.id ?? '';
  } finally {
    await client.end();
  }
}
