import type { BenchSystem } from '../cli/bench-options';
import { CatalogClient } from './catalog-client';

/** A connection as the bench configures it: the integration's settings and its credentials. */
export interface IntegrationSetup {
  /** The body of `PUT /v1/integrations/<system>` (without `enabled`). */
  integration: Record<string, unknown>;
  /** The body of `POST /v1/integrations/<system>/credentials`. */
  credentials: Record<string, unknown>;
}

/**
 * Connects a tenant to a system as a user would: the integration saved disabled, its credentials,
 * then enabled (which starts the connector's backfill and the catalog's snapshot).
 */
export async function connectIntegration(
  catalog: CatalogClient,
  system: BenchSystem,
  setup: IntegrationSetup,
): Promise<void> {
  const path = `/v1/integrations/${system}`;
  CatalogClient.expectOk(
    await catalog.put(path, { enabled: false, ...setup.integration }),
    `${system} integration not saved`,
  );
  CatalogClient.expectOk(
    await catalog.post(`${path}/credentials`, setup.credentials),
    `${system} credentials not saved`,
  );
  CatalogClient.expectOk(
    await catalog.patch(path, { enabled: true }),
    `${system} integration not enabled`,
  );
}
