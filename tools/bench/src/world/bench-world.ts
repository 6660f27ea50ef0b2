import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';

import {
  type AppProcess,
  eventually,
  freePort,
  randomSuffix,
  simulatorPortsEnv,
  startAppProcess,
  workspaceRoot,
} from '@concord/testing';
import Stripe from 'stripe';

import { benchBrokers } from '../services/bench-broker';
import { type BenchDatabase, createBenchDatabase } from '../services/bench-postgres';
import { CatalogClient } from './catalog-client';

/** The Stripe API version Concord's connector pins. */
const STRIPE_API_VERSION = '2023-08-16';
/** Redis database of the bench: npm start uses 1, tests 15. */
const BENCH_REDIS_URL = 'redis://127.0.0.1:6379/14';

/** One tenant of the catalog with a Stripe (simulator) account of its own. */
export interface BenchTenant {
  tenantId: string;
  catalog: CatalogClient;
  apiKey: string;
  stripe: Stripe;
}

export interface BenchWorldOptions {
  /** Connector replicas (one consumer group; the rate budget shared through Redis). */
  connectors?: number;
  /** The connector's rate budget per tenant (it allows at most 100, Stripe's live limit). */
  stripeCallsPerSecond?: number;
}

/**
 * Concord as processes from dist/ (simulator, catalog-service with its relay, connector-stripe)
 * on the bench's own broker, database, Redis database and free ports, LOG_LEVEL=warn, the
 * simulator without rate limits.
 */
export class BenchWorld {
  simulator!: AppProcess;
  catalog!: AppProcess;
  readonly connectors: AppProcess[] = [];
  database!: BenchDatabase;
  readonly prefix = `bench${randomSuffix().slice(0, 6)}.`;
  private readonly adminKey = randomBytes(24).toString('base64url');
  private readonly keyRing = `bench:${randomBytes(32).toString('base64')}`;
  private readonly logDir = join(workspaceRoot(), 'tmp', 'bench', 'logs');

  constructor(private readonly options: BenchWorldOptions = {}) {}

  async start(): Promise<void> {
    this.database = await createBenchDatabase('world');
    const simulatorPort = await freePort();
    this.simulator = await startAppProcess({
      name: 'bench-simulator',
      script: 'dist/apps/simulator/src/main.js',
      port: simulatorPort,
      env: {
        ...simulatorPortsEnv(simulatorPort),
        STRIPE_SIM_RATE_LIMIT: 'off',
        ...this.quiet(),
      },
      logFile: this.logFile('simulator'),
    });
    this.catalog = await startAppProcess({
      name: 'bench-catalog',
      script: 'dist/apps/catalog-service/src/main.js',
      env: {
        DATABASE_URL: this.database.adminUrl,
        CATALOG_DATABASE: this.database.name,
        ...this.kafkaEnv(),
        CONCORD_ADMIN_API_KEY: this.adminKey,
        CONCORD_SECRETS_KEYS: this.keyRing,
        CONCORD_SECRETS_ACTIVE_KEY: 'bench',
        CONCORD_OUTBOUND_ALLOWED_LOOPBACK: new URL(this.simulator.url).host,
        RUN_MIGRATIONS: 'true',
        SYNC_TOPIC_REFRESH_MS: '1000',
        ...this.quiet(),
      },
      logFile: this.logFile('catalog'),
      timeoutMs: 120_000,
    });
    for (let i = 0; i < (this.options.connectors ?? 1); i += 1) await this.startConnector();
  }

  async startConnector(): Promise<AppProcess> {
    const port = await freePort();
    const connector = await startAppProcess({
      name: `bench-connector-${this.connectors.length}`,
      script: 'dist/apps/connector-stripe/src/main.js',
      port,
      env: {
        ...this.kafkaEnv(),
        REDIS_URL: BENCH_REDIS_URL,
        CONCORD_SECRETS_KEYS: this.keyRing,
        CONCORD_SECRETS_ACTIVE_KEY: 'bench',
        CONNECTOR_ALLOWED_LOOPBACK: new URL(this.simulator.url).host,
        // Replicas share one public URL, as behind a load balancer in production: a replica with
        // a URL of its own registers an endpoint of its own, and the secret it stores makes the
        // others refuse their deliveries. Here the first replica receives every webhook.
        CONNECTOR_PUBLIC_URL: this.connectors[0]?.url ?? `http://127.0.0.1:${port}`,
        STRIPE_RATE_LIMIT_PER_SECOND: String(this.options.stripeCallsPerSecond ?? 100),
        CONNECTOR_STATUS_INTERVAL_MS: '5000',
        ...this.quiet(),
      },
      logFile: this.logFile(`connector-${this.connectors.length}`),
      timeoutMs: 120_000,
    });
    this.connectors.push(connector);
    return connector;
  }

  /** The Concord processes (not the simulator), for memory sampling. */
  concordProcesses(): Array<{ name: string; pid: number }> {
    return [
      { name: 'catalog-service', pid: this.catalog.pid },
      ...this.connectors.map((c, i) => ({ name: `connector-stripe-${i}`, pid: c.pid })),
    ];
  }

  async stop(): Promise<void> {
    for (const connector of this.connectors) await connector.stop().catch(() => undefined);
    await this.catalog?.stop().catch(() => undefined);
    await this.simulator?.stop().catch(() => undefined);
    await this.database?.drop().catch(() => undefined);
  }

  async newTenant(): Promise<BenchTenant> {
    const tenantId = `bench-${randomSuffix()}`;
    const admin = new CatalogClient(this.catalog.url, this.adminKey);
    const created = CatalogClient.expectOk(
      await admin.post<{ apiKey: { key: string } }>('/v1/admin/tenants', {
        id: tenantId,
        name: tenantId,
      }),
      'tenant not created',
    );
    const apiKey = `sk_test_${randomUUID().replace(/-/g, '')}`;
    return {
      tenantId,
      catalog: new CatalogClient(this.catalog.url, created.apiKey.key),
      apiKey,
      stripe: this.stripeClient(apiKey),
    };
  }

  /** The official SDK against the simulator; a fresh `sk_test_` key is an account of its own. */
  stripeClient(apiKey: string): Stripe {
    const { port } = new URL(this.simulator.url);
    return new Stripe(apiKey, {
      host: '127.0.0.1',
      port: Number(port),
      protocol: 'http',
      apiVersion: STRIPE_API_VERSION as Stripe.LatestApiVersion,
      maxNetworkRetries: 2,
      telemetry: false,
    });
  }

  /**
   * Connects the tenant to its Stripe account (customers, both ways) and, unless told not to,
   * waits until the connector reports it active with its webhook endpoint registered.
   */
  async connectStripe(tenant: BenchTenant, { awaitActive = true } = {}): Promise<void> {
    CatalogClient.expectOk(
      await tenant.catalog.put('/v1/integrations/stripe', {
        enabled: false,
        direction: 'both',
        entityTypes: ['customer', 'product', 'invoice'],
        matchingKeys: { customer: ['email'] },
        settings: { baseUrl: this.simulator.url },
      }),
      'integration not saved',
    );
    CatalogClient.expectOk(
      await tenant.catalog.post('/v1/integrations/stripe/credentials', { apiKey: tenant.apiKey }),
      'credentials not saved',
    );
    CatalogClient.expectOk(
      await tenant.catalog.patch('/v1/integrations/stripe', { enabled: true }),
      'integration not enabled',
    );
    if (!awaitActive) return;
    await eventually(
      async () => {
        const status = await tenant.catalog.get<{ state: string; webhook: unknown }>(
          '/v1/integrations/stripe/status',
        );
        if (status.status !== 200 || status.body.state !== 'active' || !status.body.webhook)
          throw new Error(`connection not active yet: ${JSON.stringify(status.body)}`);
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
  }

  private kafkaEnv(): Record<string, string> {
    return { KAFKA_BROKERS: benchBrokers().join(','), KAFKA_TOPIC_PREFIX: this.prefix };
  }

  private quiet(): Record<string, string> {
    return { LOG_LEVEL: 'warn', LOG_FORMAT: 'json' };
  }

  private logFile(role: string): string {
    return join(this.logDir, `${this.prefix}${role}.log`);
  }
}
