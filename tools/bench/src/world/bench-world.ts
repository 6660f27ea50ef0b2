import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';

import {
  type AppProcess,
  eventually,
  freePort,
  randomSuffix,
  startAppProcess,
  workspaceRoot,
} from '@concord/testing';
import Stripe from 'stripe';

import type { BenchSystem } from '../cli/bench-options';
import type { MeteredProcess } from '../cpu/cpu-meter';
import { benchBrokers } from '../services/bench-broker';
import { type BenchDatabase, createBenchDatabase } from '../services/bench-postgres';
import {
  type BenchPostgresServer,
  startBenchPostgresServer,
} from '../services/bench-postgres-server';
import { type AppTree, currentTree, scriptOf, treeHas } from './app-tree';
import { BENCH_APPS, type BenchApp, OUTBOX_RELAY_APP, type WorldContext } from './bench-apps';
import { CatalogClient } from './catalog-client';
import { connectIntegration } from './integration-setup';

/** The Stripe API version Concord's connector pins. */
const STRIPE_API_VERSION = '2023-08-16';
/** Redis database of the bench: npm start uses 1, tests 15. */
export const BENCH_REDIS_URL = 'redis://127.0.0.1:6379/14';

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
  /** Whose dist/ runs: this tree (default) or an earlier commit's (--against). */
  tree?: AppTree;
  /**
   * `own`: a PostgreSQL server of the bench's own with pg_stat_statements, whose every process
   * the CPU accounting sums (default); `shared`: a database on the machine's server.
   */
  postgres?: 'own' | 'shared';
  /**
   * The external systems whose simulator ports are served and whose connectors run (default
   * Stripe only: the Salesforce and Xero connectors would add their processes to every cost table).
   */
  systems?: BenchSystem[];
}

/** One running app of the world. */
export interface WorldApp {
  role: string;
  /** The role, numbered for replicas: `connector-stripe-0`. */
  name: string;
  process: AppProcess;
}

/**
 * Concord as processes from a tree's dist/ (the apps of BENCH_APPS the tree has) on the bench's own
 * broker, PostgreSQL, Redis database and free ports, LOG_LEVEL=warn, the simulator without rate
 * limits.
 */
export class BenchWorld {
  readonly apps: WorldApp[] = [];
  /** Counts the connector's calls to the simulator (tenants' baseUrl points at it). */
  apiCallCounter?: AppProcess;
  database!: BenchDatabase;
  postgresServer?: BenchPostgresServer;
  readonly prefix = `bench${randomSuffix().slice(0, 6)}.`;
  readonly tree: AppTree;
  private readonly adminKey = randomBytes(24).toString('base64url');
  private readonly keyRing = `bench:${randomBytes(32).toString('base64')}`;
  private readonly logDir = join(workspaceRoot(), 'tmp', 'bench', 'logs');
  /** The Xero app's webhook signing key between the simulator and connector-xero. */
  readonly xeroWebhookKey = randomBytes(32).toString('base64');
  private readonly simulatorPorts = { salesforce: 0, xero: 0 };

  constructor(private readonly options: BenchWorldOptions = {}) {
    this.tree = options.tree ?? currentTree();
  }

  get simulator(): AppProcess {
    return this.app('simulator');
  }

  get catalog(): AppProcess {
    return this.app('catalog-service');
  }

  /** The simulator's Salesforce API (when the world runs Salesforce). */
  get salesforceUrl(): string {
    return this.servedUrl('salesforce');
  }

  /** The simulator's Xero API (when the world runs Xero). */
  get xeroUrl(): string {
    return this.servedUrl('xero');
  }

  private servedUrl(system: 'salesforce' | 'xero'): string {
    const port = this.simulatorPorts[system];
    if (port === 0) throw new Error(`the world does not run ${system}`);
    return `http://127.0.0.1:${port}`;
  }

  get connectors(): AppProcess[] {
    return this.apps.filter((a) => a.role === 'connector-stripe').map((a) => a.process);
  }

  async start(): Promise<void> {
    if ((this.options.postgres ?? 'own') === 'own') {
      this.postgresServer = await startBenchPostgresServer();
      this.database = await this.postgresServer.createDatabase('world');
    } else {
      this.database = await createBenchDatabase('world');
    }
    const systems = this.options.systems ?? ['stripe'];
    for (const system of ['salesforce', 'xero'] as const)
      if (systems.includes(system)) this.simulatorPorts[system] = await freePort();
    for (const app of BENCH_APPS) {
      if (app.system && !systems.includes(app.system)) continue;
      if (!treeHas(this.tree, app.script)) {
        if (app.optional) continue;
        throw new Error(`${this.tree.label} has no ${app.script}: build it first`);
      }
      const replicas = app.perReplica ? (this.options.connectors ?? 1) : 1;
      for (let i = 0; i < replicas; i += 1) await this.startApp(app);
      if (app.role === 'simulator') await this.startApiCallCounter();
    }
  }

  /** External API calls the connectors made so far (counted in front of the simulator). */
  async apiCalls(): Promise<number> {
    if (!this.apiCallCounter) return Number.NaN;
    const response = await fetch(`${this.apiCallCounter.url}/__bench/calls`);
    return ((await response.json()) as { calls: number }).calls;
  }

  /** The URL the connectors call the Stripe API at: the counter, which forwards to the simulator. */
  get stripeApiUrl(): string {
    return this.apiCallCounter?.url ?? this.simulator.url;
  }

  private async startApiCallCounter(): Promise<void> {
    this.apiCallCounter = await startAppProcess({
      name: 'bench-api-call-counter',
      script: 'dist/tools/bench/src/counters/api-call-counter.js',
      env: { TARGET_URL: this.simulator.url, LOG_LEVEL: 'warn' },
      logFile: this.logFile('api-call-counter'),
    });
  }

  async startConnector(): Promise<AppProcess> {
    const app = BENCH_APPS.find((a) => a.role === 'connector-stripe') as BenchApp;
    return this.startApp(app);
  }

  /** Every process of the deployment (the simulator included), for CPU accounting. */
  meteredProcesses(): MeteredProcess[] {
    const apps: MeteredProcess[] = this.apps.map((app) => ({
      name: app.name,
      pid: () => app.process.pid,
    }));
    const counter = this.apiCallCounter;
    if (counter) apps.push({ name: 'api-call-counter (bench)', pid: () => counter.pid });
    const postgres = this.postgresServer;
    return postgres ? [...apps, { name: 'postgresql', pid: () => postgres.pid() }] : apps;
  }

  /** The Concord processes (not the simulator), for memory sampling. */
  concordProcesses(): Array<{ name: string; pid: number }> {
    return this.apps
      .filter((a) => a.role !== 'simulator')
      .map((a) => ({ name: a.name, pid: a.process.pid }));
  }

  async stop(): Promise<void> {
    for (const app of [...this.apps].reverse()) await app.process.stop().catch(() => undefined);
    await this.apiCallCounter?.stop().catch(() => undefined);
    if (this.postgresServer) await this.postgresServer.stop().catch(() => undefined);
    else await this.database?.drop().catch(() => undefined);
  }

  private async startApp(app: BenchApp): Promise<AppProcess> {
    const port = await freePort();
    const replica = this.apps.filter((a) => a.role === app.role).length;
    const name = app.perReplica ? `${app.role}-${replica}` : app.role;
    const context: WorldContext = {
      simulatorUrl: this.apps.find((a) => a.role === 'simulator')?.process.url ?? '',
      salesforceSimulatorPort: this.simulatorPorts.salesforce,
      xeroSimulatorPort: this.simulatorPorts.xero,
      xeroWebhookKey: this.xeroWebhookKey,
      apiCallCounterUrl: this.apiCallCounter?.url,
      database: this.database,
      kafka: this.kafkaEnv(),
      adminKey: this.adminKey,
      keyRing: this.keyRing,
      redisUrl: BENCH_REDIS_URL,
      firstConnectorUrl: this.apps.find((a) => a.role === 'connector-stripe')?.process.url,
      port,
      relayApart: treeHas(this.tree, OUTBOX_RELAY_APP.script),
      stripeCallsPerSecond: this.options.stripeCallsPerSecond ?? 100,
    };
    const process = await startAppProcess({
      name: `bench-${name}`,
      script: scriptOf(this.tree, app.script),
      port,
      env: app.env(context),
      logFile: this.logFile(name),
      timeoutMs: app.timeoutMs ?? 60_000,
    });
    this.apps.push({ role: app.role, name, process });
    return process;
  }

  private app(role: string): AppProcess {
    const app = this.apps.find((a) => a.role === role);
    if (!app) throw new Error(`the world runs no ${role}`);
    return app.process;
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
    await connectIntegration(tenant.catalog, 'stripe', {
      integration: {
        direction: 'both',
        entityTypes: ['customer', 'product', 'invoice'],
        matchingKeys: { customer: ['email'] },
        settings: { baseUrl: this.stripeApiUrl },
      },
      credentials: { apiKey: tenant.apiKey },
    });
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

  private logFile(role: string): string {
    return join(this.logDir, `${this.prefix}${role}.log`);
  }
}
