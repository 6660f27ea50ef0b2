import { type ApiClient } from './api-client';
import { type AppProcess, startAppProcess } from './app-process';
import { eventually } from './eventually';
import { freePort } from './free-port';
import { testRedisUrl } from './test-environment';

/** What every connector process of an e2e world shares with catalog-service. */
export interface ConnectorProcessOptions {
  /** Process name in logs (`<world>-connector-xero`). */
  name: string;
  /** The connector app under `dist/apps/` (`connector-stripe`, `connector-xero`). */
  app: string;
  brokers: string;
  topicPrefix: string;
  /** The key ring catalog-service encrypts credentials with (`<id>:<base64>`, active key `e2e`). */
  keyRing: string;
  /** `host:port`s the connector may call on loopback (the simulator, a proxy). */
  loopback: readonly string[];
  /** How often it reports status (and probes the provider); 1000 by default. */
  statusIntervalMs?: number;
  /** The connector's own variables (a webhook key...), over the shared ones. */
  env?: Record<string, string>;
}

/** A connector app from dist/ on a free port, on the world's broker, Redis and key ring. */
export async function startConnectorProcess(options: ConnectorProcessOptions): Promise<AppProcess> {
  const port = await freePort();
  return startAppProcess({
    name: options.name,
    script: `dist/apps/${options.app}/src/main.js`,
    port,
    env: {
      KAFKA_BROKERS: options.brokers,
      KAFKA_TOPIC_PREFIX: options.topicPrefix,
      KAFKA_SESSION_TIMEOUT_MS: '6000',
      REDIS_URL: testRedisUrl(),
      CONCORD_SECRETS_KEYS: options.keyRing,
      CONCORD_SECRETS_ACTIVE_KEY: 'e2e',
      CONNECTOR_ALLOWED_LOOPBACK: options.loopback.join(','),
      CONNECTOR_PUBLIC_URL: `http://127.0.0.1:${port}`,
      CONNECTOR_STATUS_INTERVAL_MS: String(options.statusIntervalMs ?? 1000),
      CONNECTOR_PAUSED_RETRY_DELAY_MS: '1000',
      LOG_LEVEL: 'info',
      ...options.env,
    },
    timeoutMs: 90_000,
  });
}

/** A connection's status as catalog-service reports it. */
export interface IntegrationStatus {
  state: string;
  webhook?: { url: string } | null;
}

/**
 * Connects a tenant to a system through catalog-service as an operator would: the integration
 * saved disabled, its credentials, then enabled; resolves once the connector reports it active
 * (and `ready`, e.g. its webhook registered).
 */
export async function connectIntegration(
  catalog: ApiClient,
  system: string,
  integration: Record<string, unknown>,
  credentials: Record<string, string>,
  ready: (status: IntegrationStatus) => boolean = () => true,
): Promise<void> {
  const path = `/v1/integrations/${system}`;
  const put = await catalog.put(path, { enabled: false, direction: 'both', ...integration });
  if (put.status >= 300) {
    throw new Error(`integration not saved: ${put.status} ${JSON.stringify(put.body)}`);
  }
  const saved = await catalog.post(`${path}/credentials`, credentials);
  if (saved.status >= 300) throw new Error(`credentials not saved: ${saved.status}`);
  const enabled = await catalog.patch(path, { enabled: true });
  if (enabled.status >= 300) throw new Error(`integration not enabled: ${enabled.status}`);
  await eventually(
    async () => {
      const status = await catalog.get<IntegrationStatus>(`${path}/status`);
      if (status.status !== 200 || status.body.state !== 'active' || !ready(status.body)) {
        throw new Error(`connection not active yet: ${JSON.stringify(status.body)}`);
      }
    },
    { timeoutMs: 30_000, intervalMs: 250 },
  );
}
