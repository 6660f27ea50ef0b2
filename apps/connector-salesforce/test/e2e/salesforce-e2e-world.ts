import { randomBytes } from 'node:crypto';

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
import { Connection } from 'jsforce';

export const API_VERSION = '62.0';

/** An org of the Salesforce simulator: its connected app. */
export interface SimulatorOrg {
  orgId: string;
  clientId: string;
  clientSecret: string;
}

/** One tenant of the catalog, connected to an org of its own. */
export interface E2eTenant {
  tenantId: string;
  catalog: ApiClient;
  org: SimulatorOrg;
  /** jsforce as a person working in the org (not the connector: no Concord call options). */
  salesforce: Connection;
}

/**
 * The apps as real processes from dist/: the simulator (Salesforce on a port of its own),
 * catalog-service (with its relay) and connector-salesforce, on the real Kafka, PostgreSQL and
 * Redis, with a database, topic prefix, tenants and orgs of this spec file's own.
 */
export class SalesforceE2eWorld {
  simulator!: AppProcess;
  catalog!: AppProcess;
  connector!: AppProcess;
  database!: TestDatabase;
  salesforceUrl!: string;
  readonly prefix = testTopicPrefix();
  readonly adminKey = randomBytes(24).toString('base64url');
  readonly keyRing = `e2e:${randomBytes(32).toString('base64')}`;
  private readonly name = `sfe2e${randomSuffix()}`;

  async start(): Promise<void> {
    ensureBuilt();
    this.database = await testDatabase('salesforce_e2e');
    const stripePort = await freePort();
    const salesforcePort = await freePort();
    this.salesforceUrl = `http://127.0.0.1:${salesforcePort}`;
    // The harness checks health on the Stripe port; Salesforce listens on its own.
    this.simulator = await startAppProcess({
      name: `${this.name}-simulator`,
      script: 'dist/apps/simulator/src/main.js',
      port: stripePort,
      env: {
        STRIPE_SIM_PORT: String(stripePort),
        SALESFORCE_SIM_PORT: String(salesforcePort),
        XERO_SIM_PORT: '0',
        LOG_LEVEL: 'warn',
        SIM_SEED: '42',
      },
    });
    const loopback = new URL(this.salesforceUrl).host;
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
        CONCORD_OUTBOUND_ALLOWED_LOOPBACK: loopback,
        RUN_MIGRATIONS: 'true',
        OUTBOX_POLL_INTERVAL_MS: '100',
        SYNC_TOPIC_REFRESH_MS: '1000',
        LOG_LEVEL: 'warn',
      },
      timeoutMs: 90_000,
    });
    this.connector = await this.startConnector('connector');
  }

  /** A replica of connector-salesforce on a port of its own (the world starts one). */
  async startConnector(name: string): Promise<AppProcess> {
    const port = await freePort();
    return startAppProcess({
      name: `${this.name}-${name}`,
      script: 'dist/apps/connector-salesforce/src/main.js',
      port,
      env: {
        KAFKA_BROKERS: testKafkaBrokers().join(','),
        KAFKA_TOPIC_PREFIX: this.prefix,
        KAFKA_SESSION_TIMEOUT_MS: '6000',
        REDIS_URL: testRedisUrl(),
        CONCORD_SECRETS_KEYS: this.keyRing,
        CONCORD_SECRETS_ACTIVE_KEY: 'e2e',
        CONNECTOR_ALLOWED_LOOPBACK: new URL(this.salesforceUrl).host,
        CONNECTOR_PUBLIC_URL: `http://127.0.0.1:${port}`,
        CONNECTOR_STATUS_INTERVAL_MS: '1000',
        CONNECTOR_PAUSED_RETRY_DELAY_MS: '1000',
        // A replica that dies gives its change event subscriptions up within 3 s.
        CONNECTOR_SUBSCRIPTION_LEASE_MS: '3000',
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

  /** The channels streaming clients of the tenant's org are subscribed to (the simulator's view). */
  async streamingChannels(tenant: E2eTenant): Promise<string[]> {
    interface StreamingState {
      salesforce: { streaming: { clients: { orgId: string; subscriptions: string[] }[] } };
    }
    const state = await this.control<StreamingState>('state');
    return state.salesforce.streaming.clients
      .filter((client) => client.orgId === tenant.org.orgId)
      .flatMap((client) => client.subscriptions);
  }

  /** Waits until the connector holds a change event subscription for the tenant's org. */
  async streamingSubscribed(tenant: E2eTenant): Promise<void> {
    await eventually(
      async () => expect(await this.streamingChannels(tenant)).toContain('/data/ChangeEvents'),
      { timeoutMs: 30_000, intervalMs: 250 },
    );
  }

  /** POSTs (or GETs) the Salesforce simulator's control API. */
  async control<T>(path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.salesforceUrl}/_control/${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return (await response.json()) as T;
  }

  /** A tenant with an org of its own in the simulator (`orgOptions`: the control API's). */
  async newTenant(orgOptions: Record<string, unknown> = {}): Promise<E2eTenant> {
    const tenantId = testTenantId();
    const admin = new ApiClient(this.catalog.url, this.adminKey);
    const created = await admin.post<{ apiKey: { key: string } }>('/v1/admin/tenants', {
      id: tenantId,
      name: tenantId,
    });
    if (created.status !== 201) throw new Error(`tenant not created: ${created.status}`);
    const org = await this.control<SimulatorOrg>('orgs', { name: tenantId, ...orgOptions });
    const salesforce = new Connection({
      version: API_VERSION,
      loginUrl: this.salesforceUrl,
      oauth2: {
        loginUrl: this.salesforceUrl,
        clientId: org.clientId,
        clientSecret: org.clientSecret,
      },
    });
    await salesforce.authorize({ grant_type: 'client_credentials' });
    return {
      tenantId,
      catalog: new ApiClient(this.catalog.url, created.body.apiKey.key),
      org,
      salesforce,
    };
  }

  /**
   * Connects the tenant to its org (customers and products, both ways, polling every second) and
   * waits until the connection is active; `clientSecret` replaces the app's (then nothing waits).
   */
  async connectSalesforce(
    tenant: E2eTenant,
    settings: Record<string, string | number | boolean> = {},
    clientSecret?: string,
  ): Promise<void> {
    const put = await tenant.catalog.put('/v1/integrations/salesforce', {
      enabled: false,
      direction: 'both',
      entityTypes: ['customer', 'product'],
      settings: { baseUrl: this.salesforceUrl, pollIntervalMs: 1000, ...settings },
    });
    if (put.status >= 300)
      throw new Error(`integration not saved: ${put.status} ${JSON.stringify(put.body)}`);
    const credentials = await tenant.catalog.post('/v1/integrations/salesforce/credentials', {
      clientId: tenant.org.clientId,
      clientSecret: clientSecret ?? tenant.org.clientSecret,
    });
    if (credentials.status >= 300) throw new Error(`credentials not saved: ${credentials.status}`);
    const enabled = await tenant.catalog.patch('/v1/integrations/salesforce', { enabled: true });
    if (enabled.status >= 300) throw new Error(`integration not enabled: ${enabled.status}`);
    if (clientSecret !== undefined) return;
    await eventually(
      async () => {
        const status = await tenant.catalog.get<{ state: string }>(
          '/v1/integrations/salesforce/status',
        );
        if (status.status !== 200 || status.body.state !== 'active') {
          throw new Error(`connection not active yet: ${JSON.stringify(status.body)}`);
        }
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
  }
}
