import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

import { type AppProcess, freePort, simulatorPortsEnv, startAppProcess } from '@concord/testing';

import { MASS_DELETE_GUARD } from '../workload/mass-delete';
import { type OtherSystem, SystemConnectors, XERO_WEBHOOK_KEY } from './system-connectors';
import { WebhookProxy } from './webhook-proxy';

export interface ChaosWorldOptions {
  root: string;
  /** Where each process's log goes (one file per process, across restarts). */
  logDir: string;
  brokers: string;
  postgresUrl: string;
  redisUrl: string;
  simulatorSeed: number;
  /** The systems besides Stripe whose connectors run. */
  otherSystems: readonly OtherSystem[];
}

const KAFKA_ENV = { KAFKA_SESSION_TIMEOUT_MS: '6000', KAFKA_TOPIC_PREFIX: '' };
const KEY_ID = 'chaos';

/** The second catalog-service replica's clock runs this far ahead of the first's. */
export const CATALOG_CLOCK_OFFSET_MS = 1000;

/**
 * The apps as real processes from dist/: the simulator (Stripe, Salesforce and Xero on ports of
 * their own), two catalog-service replicas (relay off) whose clocks are a second apart, the outbox
 * relay as its own process, two connector-stripe replicas behind one webhook URL, and one
 * connector-salesforce and one connector-xero.
 */
export class ChaosWorld {
  simulator!: AppProcess;
  salesforceUrl!: string;
  xeroUrl!: string;
  readonly systemConnectors: SystemConnectors;
  readonly catalogs: AppProcess[] = [];
  relay!: AppProcess;
  readonly connectors: AppProcess[] = [];
  /** Replicas currently expected up (a killed one is taken out until it is ready again). */
  private readonly connectorUp: boolean[] = [];
  private readonly proxy = new WebhookProxy(() =>
    this.connectors.filter((_, i) => this.connectorUp[i]).map((c) => c.url),
  );
  readonly adminKey = randomBytes(24).toString('base64url');
  private readonly keyRing = `${KEY_ID}:${randomBytes(32).toString('base64')}`;

  constructor(private readonly options: ChaosWorldOptions) {
    this.systemConnectors = new SystemConnectors(options.otherSystems);
  }

  async start(): Promise<void> {
    const simulatorPort = await freePort();
    const [salesforcePort, xeroPort] = [await freePort(), await freePort()];
    this.salesforceUrl = `http://127.0.0.1:${salesforcePort}`;
    this.xeroUrl = `http://127.0.0.1:${xeroPort}`;
    this.simulator = await this.app('simulator', 'dist/apps/simulator/src/main.js', {
      port: simulatorPort,
      env: {
        ...simulatorPortsEnv(simulatorPort),
        SALESFORCE_SIM_PORT: String(salesforcePort),
        XERO_SIM_PORT: String(xeroPort),
        SIM_SEED: String(this.options.simulatorSeed),
      },
    });
    const loopback = [this.simulator.url, this.salesforceUrl, this.xeroUrl]
      .map((url) => new URL(url).host)
      .join(',');
    const catalogEnv = {
      ...this.databaseEnv(),
      CONCORD_ADMIN_API_KEY: this.adminKey,
      CONCORD_SECRETS_KEYS: this.keyRing,
      CONCORD_SECRETS_ACTIVE_KEY: KEY_ID,
      CONCORD_OUTBOUND_ALLOWED_LOOPBACK: loopback,
      RUN_MIGRATIONS: 'true',
      OUTBOX_RELAY: 'external',
      SYNC_TOPIC_REFRESH_MS: '1000',
      // The guard is on, in a short window: the workload's own deletes (a few in any 20 s) never
      // trip it, the deliberate mass delete at the end does (see workload/mass-delete.ts).
      MASS_DELETE_WINDOW_MS: String(MASS_DELETE_GUARD.windowMs),
      MASS_DELETE_MIN_COUNT: String(MASS_DELETE_GUARD.minCount),
      MASS_DELETE_MAX_SHARE: MASS_DELETE_GUARD.maxShare,
    };
    // One after the other: the first runs the migrations.
    for (const [i, offset] of [0, CATALOG_CLOCK_OFFSET_MS].entries()) {
      this.catalogs.push(
        await this.app(`catalog-service-${i}`, 'dist/apps/catalog-service/src/main.js', {
          env: { ...catalogEnv, CONCORD_TEST_CLOCK_OFFSET_MS: String(offset) },
        }),
      );
    }
    this.relay = await this.app('relay', 'dist/apps/outbox-relay/src/main.js', {
      env: { ...this.databaseEnv(), KAFKA_CLIENT_ID: 'chaos-relay' },
    });
    const publicUrl = await this.proxy.start();
    const connectorEnv = {
      KAFKA_BROKERS: this.options.brokers,
      ...KAFKA_ENV,
      REDIS_URL: this.options.redisUrl,
      CONCORD_SECRETS_KEYS: this.keyRing,
      CONCORD_SECRETS_ACTIVE_KEY: KEY_ID,
      CONNECTOR_ALLOWED_LOOPBACK: loopback,
      CONNECTOR_STATUS_INTERVAL_MS: '1000',
      CONNECTOR_PAUSED_RETRY_DELAY_MS: '1000',
    };
    for (let i = 0; i < 2; i += 1) {
      this.connectors.push(
        await this.app(`connector-stripe-${i}`, 'dist/apps/connector-stripe/src/main.js', {
          env: { ...connectorEnv, CONNECTOR_PUBLIC_URL: publicUrl },
        }),
      );
      this.connectorUp.push(true);
    }
    await this.systemConnectors.start(async (name, script, env) => {
      const port = await freePort();
      return this.app(name, script, {
        port,
        env: { ...env, CONNECTOR_PUBLIC_URL: `http://127.0.0.1:${port}` },
      });
    }, connectorEnv);
    if (this.systemConnectors.has('xero')) await this.subscribeXeroWebhook();
  }

  /** Points the Xero simulator's one app-level webhook at connector-xero (intent to receive). */
  private async subscribeXeroWebhook(): Promise<void> {
    const url = `${this.systemConnectors.of('xero').url}/xero/webhooks`;
    const response = await fetch(`${this.xeroUrl}/_control/xero-webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url, key: XERO_WEBHOOK_KEY }),
    });
    if (!response.ok) throw new Error(`xero webhook not subscribed: ${response.status}`);
  }

  /** The first catalog-service replica (the admin API, the tenant's setup). */
  get catalog(): AppProcess {
    return this.catalogs[0];
  }

  catalogUrls(): string[] {
    return this.catalogs.map((c) => c.url);
  }

  /** SIGKILL every catalog-service replica. */
  async killCatalogs(): Promise<void> {
    await Promise.all(this.catalogs.map((c) => c.kill()));
  }

  /** One after the other, as at the start. */
  async restartCatalogs(): Promise<void> {
    for (const catalog of this.catalogs) await catalog.restart();
  }

  /** SIGKILL one connector replica (no chance to commit or clean up). */
  async killConnector(index: number): Promise<void> {
    this.connectorUp[index] = false;
    await this.connectors[index].kill();
  }

  async restartConnector(index: number): Promise<void> {
    await this.connectors[index].restart();
    this.connectorUp[index] = true;
  }

  /**
   * Restarts connector `index` armed to kill itself at a crash point (CONCORD_TEST_CRASH_AT), or
   * disarmed with `undefined`. It takes webhooks only while it is expected up.
   */
  async rearmConnector(index: number, crashAt: string | undefined): Promise<void> {
    this.connectorUp[index] = false;
    await this.connectors[index].restart({ CONCORD_TEST_CRASH_AT: crashAt });
    this.connectorUp[index] = true;
  }

  /** A connector that crashed on its own takes no more webhooks. */
  connectorCrashed(index: number): void {
    this.connectorUp[index] = false;
  }

  /** Restarts catalog-service replica `index` armed at a crash point, or disarmed. */
  async rearmCatalog(index: number, crashAt: string | undefined): Promise<void> {
    await this.catalogs[index].restart({ CONCORD_TEST_CRASH_AT: crashAt });
  }

  /** Stops catalog-service, the relay and the connectors gracefully (the simulator stays up). */
  async stopApps(): Promise<void> {
    this.connectorUp.fill(false);
    for (const connector of [...this.connectors, ...this.systemConnectors.all()])
      await connector.stop();
    await this.relay.stop();
    for (const catalog of this.catalogs) await catalog.stop();
  }

  /** Starts them again in the order of the first start, each once ready. */
  async startApps(): Promise<void> {
    await this.restartCatalogs();
    await this.relay.restart();
    for (let i = 0; i < this.connectors.length; i += 1) await this.restartConnector(i);
    for (const connector of this.systemConnectors.all()) await connector.restart();
  }

  /** Stops every process (SIGTERM, then SIGKILL) and the webhook proxy; never throws. */
  async stop(): Promise<void> {
    const all = [
      ...this.connectors,
      ...this.systemConnectors.all(),
      this.relay,
      ...this.catalogs,
      this.simulator,
    ];
    await Promise.all(all.map((app) => app?.stop().catch(() => undefined)));
    await this.proxy.stop().catch(() => undefined);
  }

  private databaseEnv(): Record<string, string> {
    return {
      DATABASE_URL: this.options.postgresUrl,
      CATALOG_DATABASE: 'chaos',
      KAFKA_BROKERS: this.options.brokers,
      ...KAFKA_ENV,
      OUTBOX_POLL_INTERVAL_MS: '100',
    };
  }

  private app(
    name: string,
    script: string,
    options: { port?: number; env: Record<string, string> },
  ): Promise<AppProcess> {
    return startAppProcess({
      name: `chaos-${name}`,
      script,
      port: options.port,
      env: {
        LOG_LEVEL: process.env['CHAOS_APP_LOG_LEVEL'] ?? 'warn',
        LOG_FORMAT: 'json',
        ...options.env,
      },
      timeoutMs: 120_000,
      stopTimeoutMs: 10_000,
      logFile: join(this.options.logDir, `${name}.log`),
    });
  }
}
