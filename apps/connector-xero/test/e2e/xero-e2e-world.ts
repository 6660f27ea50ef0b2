import { randomBytes, randomUUID } from 'node:crypto';

import {
  type AppProcess,
  ensureBuilt,
  eventually,
  freePort,
  randomSuffix,
  startAppProcess,
  type TestDatabase,
  testDatabase,
  testDatabaseAdminUrl,
  testKafkaBrokers,
  testRedisUrl,
  testTenantId,
  testTopicPrefix,
} from '@concord/testing';
import { ApiClient } from '@concord/testing';
import { XeroClient } from 'xero-node';

export const DEMO_TOKEN = 'concord-demo-token';

/** One tenant of the catalog, connected to its own Xero organisation (simulator). */
export interface E2eTenant {
  tenantId: string;
  catalog: ApiClient;
  /** The tenant's Xero organisation (`xero-tenant-id`). */
  organisation: string;
  xero: XeroClient;
}

/**
 * The apps as real processes from dist/: the simulator (Xero on a port of its own), catalog-service
 * (with its relay) and connector-xero, on the real Kafka, PostgreSQL and Redis, with a database,
 * topic prefix, tenants and Xero organisations of this spec file's own. The simulator's one
 * app-level webhook points at the connector's `/xero/webhooks`, signed with the app's key.
 */
export interface XeroE2eOptions {
  /** More `host:port`s the apps may reach on loopback (a counting proxy in front of Xero). */
  extraLoopback?: string[];
  /** How often the connector reports status (each report probes Xero once); 1000 by default. */
  statusIntervalMs?: number;
}

export class XeroE2eWorld {
  simulator!: AppProcess;
  catalog!: AppProcess;
  connector!: AppProcess;
  database!: TestDatabase;
  xeroUrl!: string;
  readonly prefix = testTopicPrefix();
  readonly adminKey = randomBytes(24).toString('base64url');
  readonly keyRing = `e2e:${randomBytes(32).toString('base64')}`;
  readonly webhookKey = randomBytes(32).toString('base64');
  private readonly name = `e2e${randomSuffix()}`;

  constructor(private readonly options: XeroE2eOptions = {}) {}

  private loopback(): string {
    return [new URL(this.xeroUrl).host, ...(this.options.extraLoopback ?? [])].join(',');
  }

  async start(): Promise<void> {
    ensureBuilt();
    this.database = await testDatabase('xero_e2e');
    const healthPort = await freePort();
    const xeroPort = await freePort();
    this.xeroUrl = `http://127.0.0.1:${xeroPort}`;
    this.simulator = await startAppProcess({
      name: `${this.name}-simulator`,
      script: 'dist/apps/simulator/src/main.js',
      port: healthPort,
      env: {
        STRIPE_SIM_PORT: String(healthPort),
        SALESFORCE_SIM_PORT: '0',
        XERO_SIM_PORT: String(xeroPort),
        LOG_LEVEL: 'warn',
        SIM_SEED: '42',
      },
    });
    this.catalog = await startAppProcess({
      name: `${this.name}-catalog`,
      script: 'dist/apps/catalog-service/src/main.js',
      env: {
        DATABASE_URL: testDatabaseAdminUrl(),
        CATALOG_DATABASE: this.database.name,
        KAFKA_BROKERS: testKafkaBrokers().join(','),
        KAFKA_TOPIC_PREFIX: this.prefix,
        KAFKA_SESSION_TIMEOUT_MS: '6000',
        CONCORD_ADMIN_API_KEY: this.adminKey,
        CONCORD_SECRETS_KEYS: this.keyRing,
        CONCORD_SECRETS_ACTIVE_KEY: 'e2e',
        CONCORD_OUTBOUND_ALLOWED_LOOPBACK: this.loopback(),
        RUN_MIGRATIONS: 'true',
        OUTBOX_POLL_INTERVAL_MS: '100',
        SYNC_TOPIC_REFRESH_MS: '1000',
        LOG_LEVEL: 'warn',
      },
      timeoutMs: 90_000,
    });
    const port = await freePort();
    this.connector = await startAppProcess({
      name: `${this.name}-connector`,
      script: 'dist/apps/connector-xero/src/main.js',
      port,
      env: {
        KAFKA_BROKERS: testKafkaBrokers().join(','),
        KAFKA_TOPIC_PREFIX: this.prefix,
        KAFKA_SESSION_TIMEOUT_MS: '6000',
        REDIS_URL: testRedisUrl(),
        CONCORD_SECRETS_KEYS: this.keyRing,
        CONCORD_SECRETS_ACTIVE_KEY: 'e2e',
        CONNECTOR_ALLOWED_LOOPBACK: this.loopback(),
        CONNECTOR_PUBLIC_URL: `http://127.0.0.1:${port}`,
        CONNECTOR_STATUS_INTERVAL_MS: String(this.options.statusIntervalMs ?? 1000),
        CONNECTOR_PAUSED_RETRY_DELAY_MS: '1000',
        XERO_WEBHOOK_KEY: this.webhookKey,
        LOG_LEVEL: 'info',
      },
      timeoutMs: 90_000,
    });
  }

  async stop(): Promise<void> {
    await this.connector?.stop().catch(() => undefined);
    await this.catalog?.stop().catch(() => undefined);
    await this.simulator?.stop().catch(() => undefined);
    await this.database?.drop().catch(() => undefined);
  }

  /** POSTs (or GETs) the simulator's control API on the Xero port. */
  async control(path: string, body: unknown = {}, method = 'POST'): Promise<unknown> {
    const response = await fetch(`${this.xeroUrl}/_control/${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: method === 'GET' ? undefined : JSON.stringify(body),
    });
    return response.json().catch(() => null);
  }

  /** Points the simulator's app-level webhook at the connector; Xero's intent-to-receive runs. */
  async subscribeWebhook(): Promise<{ status: string }> {
    return (await this.control('xero-webhook', {
      url: `${this.connector.url}/xero/webhooks`,
      key: this.webhookKey,
    })) as { status: string };
  }

  /** A catalog tenant with a Xero organisation of its own, reached with the demo token. */
  async newTenant(): Promise<E2eTenant> {
    const tenantId = testTenantId();
    const admin = new ApiClient(this.catalog.url, this.adminKey);
    const created = await admin.post<{ apiKey: { key: string } }>('/v1/admin/tenants', {
      id: tenantId,
      name: tenantId,
    });
    if (created.status !== 201) {
      throw new Error(`tenant not created: ${created.status} ${JSON.stringify(created.body)}`);
    }
    const organisation = randomUUID();
    const xero = new XeroClient();
    xero.accountingApi.basePath = `${this.xeroUrl}/api.xro/2.0`;
    xero.setTokenSet({ access_token: DEMO_TOKEN, token_type: 'Bearer' });
    return {
      tenantId,
      catalog: new ApiClient(this.catalog.url, created.body.apiKey.key),
      organisation,
      xero,
    };
  }

  /**
   * Connects the tenant to its organisation: settings, the demo token, enabled both ways (unless
   * `integration` says otherwise, e.g. another base URL, direction or matching keys).
   */
  async connectXero(tenant: E2eTenant, integration: Record<string, unknown> = {}): Promise<void> {
    const put = await tenant.catalog.put('/v1/integrations/xero', {
      enabled: false,
      direction: 'both',
      entityTypes: ['customer', 'product', 'invoice'],
      matchingKeys: { customer: ['email'] },
      settings: { baseUrl: this.xeroUrl, xeroTenantId: tenant.organisation },
      ...integration,
    });
    if (put.status >= 300) {
      throw new Error(`integration not saved: ${put.status} ${JSON.stringify(put.body)}`);
    }
    const credentials = await tenant.catalog.post('/v1/integrations/xero/credentials', {
      accessToken: DEMO_TOKEN,
    });
    if (credentials.status >= 300) throw new Error(`credentials not saved: ${credentials.status}`);
    const enabled = await tenant.catalog.patch('/v1/integrations/xero', { enabled: true });
    if (enabled.status >= 300) throw new Error(`integration not enabled: ${enabled.status}`);
    await eventually(
      async () => {
        const status = await tenant.catalog.get<{ state: string }>('/v1/integrations/xero/status');
        if (status.status !== 200 || status.body.state !== 'active') {
          throw new Error(`connection not active yet: ${JSON.stringify(status.body)}`);
        }
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
  }
}
