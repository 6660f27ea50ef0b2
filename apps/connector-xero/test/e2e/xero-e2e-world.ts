import { randomBytes, randomUUID } from 'node:crypto';

import {
  type AppProcess,
  connectIntegration,
  ensureBuilt,
  freePort,
  randomSuffix,
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
 * app-level webhook points at the connector's `/xero/webhooks`, signed with the app's key. With
 * `withStripe`, connector-stripe runs too, against the same simulator's Stripe (`stripeUrl`).
 */
export interface XeroE2eOptions {
  /** More `host:port`s the apps may reach on loopback (a counting proxy in front of Xero). */
  extraLoopback?: string[];
  /** How often the connector reports status (each report probes Xero once); 1000 by default. */
  statusIntervalMs?: number;
  /** Also run connector-stripe, against the same simulator's Stripe (at `stripeUrl`). */
  withStripe?: boolean;
}

export class XeroE2eWorld {
  simulator!: AppProcess;
  catalog!: AppProcess;
  connector!: AppProcess;
  /** connector-stripe, with `withStripe`. */
  stripeConnector?: AppProcess;
  database!: TestDatabase;
  xeroUrl!: string;
  /** The simulator's Stripe API (its health port). */
  stripeUrl!: string;
  readonly prefix = testTopicPrefix();
  readonly adminKey = randomBytes(24).toString('base64url');
  readonly keyRing = `e2e:${randomBytes(32).toString('base64')}`;
  readonly webhookKey = randomBytes(32).toString('base64');
  private readonly name = `e2e${randomSuffix()}`;

  constructor(private readonly options: XeroE2eOptions = {}) {}

  private loopback(): string {
    return [
      new URL(this.xeroUrl).host,
      new URL(this.stripeUrl).host,
      ...(this.options.extraLoopback ?? []),
    ].join(',');
  }

  async start(): Promise<void> {
    ensureBuilt();
    this.database = await testDatabase('xero_e2e');
    const healthPort = await freePort();
    const xeroPort = await freePort();
    this.xeroUrl = `http://127.0.0.1:${xeroPort}`;
    this.stripeUrl = `http://127.0.0.1:${healthPort}`;
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
    const connector = {
      brokers: testKafkaBrokers().join(','),
      topicPrefix: this.prefix,
      keyRing: this.keyRing,
      loopback: this.loopback().split(','),
      statusIntervalMs: this.options.statusIntervalMs,
    };
    this.connector = await startConnectorProcess({
      ...connector,
      name: `${this.name}-connector`,
      app: 'connector-xero',
      env: { XERO_WEBHOOK_KEY: this.webhookKey },
    });
    if (this.options.withStripe) {
      this.stripeConnector = await startConnectorProcess({
        ...connector,
        name: `${this.name}-connector-stripe`,
        app: 'connector-stripe',
      });
    }
  }

  async stop(): Promise<void> {
    await this.connector?.stop().catch(() => undefined);
    await this.stripeConnector?.stop().catch(() => undefined);
    await this.catalog?.stop().catch(() => undefined);
    await this.simulator?.stop().catch(() => undefined);
    await this.database?.drop().catch(() => undefined);
  }

  /** Catalog events of a type the connector has handled (any result), from its `/metrics`. */
  async outboundEventsHandled(entityType: string): Promise<number> {
    const text = await (await fetch(`${this.connector.url}/metrics`)).text();
    return text
      .split('\n')
      .filter(
        (line) =>
          line.startsWith('connector_outbound_events_total{') &&
          line.includes(`entity_type="${entityType}"`),
      )
      .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
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
   * Connects the tenant to its organisation: settings, the demo token (or `credentials`, e.g. a
   * client id, secret and refresh token), enabled both ways (unless `integration` says otherwise,
   * e.g. another base URL, direction or matching keys).
   */
  async connectXero(
    tenant: E2eTenant,
    integration: Record<string, unknown> = {},
    credentials: Record<string, string> = { accessToken: DEMO_TOKEN },
  ): Promise<void> {
    await connectIntegration(
      tenant.catalog,
      'xero',
      {
        entityTypes: ['customer', 'product', 'invoice'],
        matchingKeys: { customer: ['email'] },
        settings: { baseUrl: this.xeroUrl, xeroTenantId: tenant.organisation },
        ...integration,
      },
      credentials,
    );
  }
}
