import { randomBytes, randomUUID } from 'node:crypto';

import {
  type AppProcess,
  connectIntegration,
  ensureBuilt,
  freePort,
  randomSuffix,
  simulatorPortsEnv,
  startAppProcess,
  startConnectorProcess,
  type TestDatabase,
  testDatabase,
  testDatabaseAdminUrl,
  testKafkaBrokers,
  testTenantId,
  testTopicPrefix,
} from '@concord/testing';
import { ApiClient } from '@concord/testing';
import Stripe from 'stripe';

import { STRIPE_API_VERSION } from '../../src/stripe/stripe-client.factory';

/** One tenant of the catalog, connected to its own Stripe (simulator) account. */
export interface E2eTenant {
  tenantId: string;
  catalog: ApiClient;
  apiKey: string;
  stripe: Stripe;
}

export interface WorldOptions {
  /** Connector processes to run (they share the consumer group and, with Redis, the budget). */
  connectors?: number;
  /** Extra environment of every connector. */
  connectorEnv?: Record<string, string>;
  /** Extra environment of the simulator. */
  simulatorEnv?: Record<string, string>;
  /** Extra environment of catalog-service. */
  catalogEnv?: Record<string, string>;
  /** The broker the apps use; default the shared test broker (KAFKA_BROKERS). */
  kafkaBrokers?: string;
}

/**
 * The apps as real processes from dist/: the Stripe simulator, catalog-service (with its relay)
 * and connector-stripe, on the real Kafka, PostgreSQL and Redis, with a database, topic prefix,
 * tenants and Stripe accounts of this spec file's own.
 */
export class StripeE2eWorld {
  simulator!: AppProcess;
  catalog!: AppProcess;
  readonly connectors: AppProcess[] = [];
  database!: TestDatabase;
  readonly prefix = testTopicPrefix();
  readonly adminKey = randomBytes(24).toString('base64url');
  readonly keyRing = `e2e:${randomBytes(32).toString('base64')}`;
  private readonly name = `e2e${randomSuffix()}`;

  constructor(private readonly options: WorldOptions = {}) {}

  get brokers(): string {
    return this.options.kafkaBrokers ?? testKafkaBrokers().join(',');
  }

  get simulatorUrl(): string {
    return this.simulator.url;
  }

  async start(): Promise<void> {
    ensureBuilt();
    this.database = await testDatabase('stripe_e2e');
    // The simulator listens where STRIPE_SIM_PORT says; the harness checks health on the same port.
    const simulatorPort = await freePort();
    this.simulator = await startAppProcess({
      name: `${this.name}-simulator`,
      script: 'dist/apps/simulator/src/main.js',
      port: simulatorPort,
      env: {
        ...simulatorPortsEnv(simulatorPort),
        LOG_LEVEL: 'warn',
        SIM_SEED: '42',
        ...this.options.simulatorEnv,
      },
    });
    this.catalog = await startAppProcess({
      name: `${this.name}-catalog`,
      script: 'dist/apps/catalog-service/src/main.js',
      env: {
        DATABASE_URL: testDatabaseAdminUrl(),
        CATALOG_DATABASE: this.database.name,
        KAFKA_BROKERS: this.brokers,
        KAFKA_TOPIC_PREFIX: this.prefix,
        KAFKA_SESSION_TIMEOUT_MS: '6000',
        CONCORD_ADMIN_API_KEY: this.adminKey,
        CONCORD_SECRETS_KEYS: this.keyRing,
        CONCORD_SECRETS_ACTIVE_KEY: 'e2e',
        // Integration URLs naming the simulator pass the catalog's SSRF check only because of this.
        CONCORD_OUTBOUND_ALLOWED_LOOPBACK: new URL(this.simulator.url).host,
        RUN_MIGRATIONS: 'true',
        OUTBOX_POLL_INTERVAL_MS: '100',
        SYNC_TOPIC_REFRESH_MS: '1000',
        LOG_LEVEL: 'warn',
        ...this.options.catalogEnv,
      },
      timeoutMs: 90_000,
    });
    for (let i = 0; i < (this.options.connectors ?? 1); i += 1) await this.startConnector();
  }

  async startConnector(): Promise<AppProcess> {
    const connector = await startConnectorProcess({
      name: `${this.name}-connector-${this.connectors.length}`,
      app: 'connector-stripe',
      brokers: this.brokers,
      topicPrefix: this.prefix,
      keyRing: this.keyRing,
      loopback: [new URL(this.simulator.url).host],
      env: this.options.connectorEnv,
    });
    this.connectors.push(connector);
    return connector;
  }

  async stop(): Promise<void> {
    for (const connector of this.connectors) await connector.stop().catch(() => undefined);
    await this.catalog?.stop().catch(() => undefined);
    await this.simulator?.stop().catch(() => undefined);
    await this.database?.drop().catch(() => undefined);
  }

  /** A tenant with its own Stripe account (a fresh `sk_test_` key is an account of its own). */
  async newTenant(): Promise<E2eTenant> {
    const tenantId = testTenantId();
    const admin = new ApiClient(this.catalog.url, this.adminKey);
    const created = await admin.post<{ apiKey: { key: string } }>('/v1/admin/tenants', {
      id: tenantId,
      name: tenantId,
    });
    if (created.status !== 201)
      throw new Error(`tenant not created: ${created.status} ${JSON.stringify(created.body)}`);
    const apiKey = `sk_test_${randomUUID().replace(/-/g, '')}`;
    const { port } = new URL(this.simulator.url);
    const stripe = new Stripe(apiKey, {
      host: '127.0.0.1',
      port: Number(port),
      protocol: 'http',
      apiVersion: STRIPE_API_VERSION as Stripe.LatestApiVersion,
      maxNetworkRetries: 3,
    });
    return {
      tenantId,
      catalog: new ApiClient(this.catalog.url, created.body.apiKey.key),
      apiKey,
      stripe,
    };
  }

  /** Connects the tenant to its Stripe account: credentials, then settings (enabled, both ways). */
  async connectStripe(
    tenant: E2eTenant,
    settings: Record<string, string | number | boolean> = {},
    connection: Record<string, unknown> = {},
  ): Promise<void> {
    await connectIntegration(
      tenant.catalog,
      'stripe',
      {
        entityTypes: ['customer', 'product', 'invoice'],
        matchingKeys: { customer: ['email'] },
        settings: { baseUrl: this.simulator.url, ...settings },
        ...connection,
      },
      { apiKey: tenant.apiKey },
      (status) => Boolean(status.webhook),
    );
  }

  /** POSTs to the simulator's control API. */
  async control(path: string, body: unknown = {}, method = 'POST'): Promise<unknown> {
    const response = await fetch(`${this.simulator.url}/_control/${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: method === 'GET' ? undefined : JSON.stringify(body),
    });
    return response.json().catch(() => null);
  }

  /** Sum of a Prometheus counter over every connector process (matching label text). */
  async connectorMetric(name: string, labelText = ''): Promise<number> {
    const lines = await this.metricLines(name, labelText);
    return lines.reduce((total, line) => total + Number(line.split(' ').pop()), 0);
  }

  /** The lines of a Prometheus metric (matching label text) of every connector process. */
  private async metricLines(name: string, labelText: string): Promise<string[]> {
    const lines: string[] = [];
    for (const connector of this.connectors) {
      const text = await (await fetch(`${connector.url}/metrics`)).text();
      lines.push(
        ...text.split('\n').filter((line) => line.startsWith(name) && line.includes(labelText)),
      );
    }
    return lines;
  }

  /**
   * What the connector did with a record's entity type and what the catalog recorded for the record,
   * on one line: put beside a failed expectation, it tells a write never tried from an outcome lost.
   */
  async trace(tenant: E2eTenant, entityType: string, entityId: string): Promise<string> {
    const metric = 'connector_outbound_events_total';
    const outbound = (await this.metricLines(metric, entityType).catch(() => [])).map((line) =>
      line.slice(metric.length),
    );
    const activity = await tenant.catalog.get<{ data: Array<{ kind: string }> }>(
      `/v1/sync/activity?entityId=${entityId}`,
    );
    const kinds = activity.body.data?.map((row) => row.kind) ?? [activity.status];
    return `connector outbound ${outbound.join(', ') || 'none'}; catalog activity ${kinds.join(', ') || 'none'}`;
  }
}
