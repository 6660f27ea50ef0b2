import type { DataSource } from 'typeorm';

/** A connection whose connector has not yet reported its webhook secret under the active key. */
export interface UnconfirmedConnection {
  tenantId: string;
  system: string;
  connectionId: string;
  /** The key the connector last reported its copy under (null: never reported one). */
  reportedKeyId: string | null;
}

/**
 * After a key rotation, waits until every enabled connection with a webhook endpoint has had its
 * connector report that its own copy of the signing secret (in the connector's state topic) is
 * under the active key. The catalog's copies are re-encrypted by the rotation itself; the
 * connectors' are not, and removing the old key before they move would break every delivery.
 */
export async function waitForConnectorKeys(
  dataSource: DataSource,
  activeKeyId: string,
  options: { timeoutMs: number; pollMs?: number },
): Promise<UnconfirmedConnection[]> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const pending = await unconfirmed(dataSource, activeKeyId);
    if (pending.length === 0 || Date.now() >= deadline) return pending;
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 1000));
  }
}

async function unconfirmed(
  dataSource: DataSource,
  activeKeyId: string,
): Promise<UnconfirmedConnection[]> {
  const rows: Array<{
    tenant_id: string;
    system: string;
    connection_id: string;
    reported_key_id: string | null;
  }> = await dataSource.query(
    `SELECT s.tenant_id, s.system, s.connection_id, s.status->>'connectorSecretsKeyId' AS reported_key_id
     FROM connector_statuses s
     JOIN integration_connections c
       ON c.tenant_id = s.tenant_id AND c.system = s.system AND c.id = s.connection_id
     WHERE c.enabled AND s.status->'webhook'->>'secret' IS NOT NULL
       AND (s.status->>'connectorSecretsKeyId') IS DISTINCT FROM $1
     ORDER BY s.tenant_id, s.system`,
    [activeKeyId],
  );
  return rows.map((row) => ({
    tenantId: row.tenant_id,
    system: row.system,
    connectionId: row.connection_id,
    reportedKeyId: row.reported_key_id,
  }));
}
