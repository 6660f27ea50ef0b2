import type { BenchSystem } from '../cli/bench-options';
import type { BenchDatabase } from '../services/bench-postgres';

/** What every app's environment is made from. */
export interface WorldContext {
  simulatorUrl: string;
  /** The simulator's Salesforce and Xero ports: 0 (not served) unless the world runs that system. */
  salesforceSimulatorPort: number;
  xeroSimulatorPort: number;
  /** The Xero app's webhook signing key (the connector refuses every delivery without one). */
  xeroWebhookKey: string;
  /** The bench's counting proxy in front of the simulator, once it runs. */
  apiCallCounterUrl?: string;
  database: BenchDatabase;
  kafka: Record<string, string>;
  adminKey: string;
  keyRing: string;
  redisUrl: string;
  /** The first connector's URL once one runs (replicas share it, as behind a load balancer). */
  firstConnectorUrl?: string;
  /** This process's own port. */
  port: number;
  /** Whether the tree has a relay app of its own (then catalog-service runs without one). */
  relayApart: boolean;
  stripeCallsPerSecond: number;
}

/** One app of the deployment, as the bench starts it. */
export interface BenchApp {
  /** Names the process in tables and logs. */
  role: string;
  /** Relative to the tree's root. */
  script: string;
  /** Started only when the tree has it (an earlier commit may not); else its absence fails. */
  optional: boolean;
  /** Started once per connector replica. */
  perReplica?: boolean;
  /** The external system this app serves: started only when the world runs that system. */
  system?: BenchSystem;
  timeoutMs?: number;
  env(context: WorldContext): Record<string, string>;
}

/** The simulator's and the call counter's host:port, which integration URLs may name. */
function loopbackHosts(c: WorldContext): string {
  const served = [c.salesforceSimulatorPort, c.xeroSimulatorPort]
    .filter((port) => port > 0)
    .map((port) => `127.0.0.1:${port}`);
  return [c.simulatorUrl, c.apiCallCounterUrl]
    .filter((url): url is string => Boolean(url))
    .map((url) => new URL(url).host)
    .concat(served)
    .join(',');
}

/** What every connector of the deployment is started with. */
function connectorEnv(c: WorldContext): Record<string, string> {
  return {
    ...c.kafka,
    REDIS_URL: c.redisUrl,
    CONCORD_SECRETS_KEYS: c.keyRing,
    CONCORD_SECRETS_ACTIVE_KEY: 'bench',
    CONNECTOR_ALLOWED_LOOPBACK: loopbackHosts(c),
  };
}

const quiet = { LOG_LEVEL: 'warn', LOG_FORMAT: 'json', LOG_PRETTY: 'false' };

/** The outbox relay as an app of its own (absent in commits that relay inside catalog-service). */
export const OUTBOX_RELAY_APP: BenchApp = {
  role: 'outbox-relay',
  script: 'dist/apps/outbox-relay/src/main.js',
  optional: true,
  env: (c) => ({
    DATABASE_URL: c.database.adminUrl,
    CATALOG_DATABASE: c.database.name,
    ...c.kafka,
    ...quiet,
  }),
};

/**
 * The processes of a Concord deployment, in start order. A new app is one entry here; the world
 * starts the entries the tree's dist/ holds, and CPU accounting and tables follow.
 */
export const BENCH_APPS: readonly BenchApp[] = [
  {
    role: 'simulator',
    script: 'dist/apps/simulator/src/main.js',
    optional: false,
    env: (c) => ({
      STRIPE_SIM_PORT: String(c.port),
      SALESFORCE_SIM_PORT: String(c.salesforceSimulatorPort),
      XERO_SIM_PORT: String(c.xeroSimulatorPort),
      STRIPE_SIM_RATE_LIMIT: 'off',
      ...quiet,
    }),
  },
  {
    role: 'catalog-service',
    script: 'dist/apps/catalog-service/src/main.js',
    optional: false,
    timeoutMs: 120_000,
    env: (c) => ({
      DATABASE_URL: c.database.adminUrl,
      CATALOG_DATABASE: c.database.name,
      ...c.kafka,
      CONCORD_ADMIN_API_KEY: c.adminKey,
      CONCORD_SECRETS_KEYS: c.keyRing,
      CONCORD_SECRETS_ACTIVE_KEY: 'bench',
      CONCORD_OUTBOUND_ALLOWED_LOOPBACK: loopbackHosts(c),
      RUN_MIGRATIONS: 'true',
      SYNC_TOPIC_REFRESH_MS: '1000',
      // Trees from before apps/outbox-relay read OUTBOX_RELAY_ENABLED; later ones OUTBOX_RELAY.
      OUTBOX_RELAY_ENABLED: c.relayApart ? 'false' : 'true',
      OUTBOX_RELAY: c.relayApart ? 'external' : 'embedded',
      ...quiet,
    }),
  },
  OUTBOX_RELAY_APP,
  {
    role: 'connector-stripe',
    script: 'dist/apps/connector-stripe/src/main.js',
    optional: false,
    perReplica: true,
    system: 'stripe',
    timeoutMs: 120_000,
    env: (c) => ({
      ...connectorEnv(c),
      // Replicas share one public URL, as behind a load balancer in production: a replica with a
      // URL of its own registers an endpoint of its own, and the secret it stores makes the others
      // refuse their deliveries. Here the first replica receives every webhook.
      CONNECTOR_PUBLIC_URL: c.firstConnectorUrl ?? `http://127.0.0.1:${c.port}`,
      STRIPE_RATE_LIMIT_PER_SECOND: String(c.stripeCallsPerSecond),
      CONNECTOR_STATUS_INTERVAL_MS: '5000',
      ...quiet,
    }),
  },
  {
    role: 'connector-salesforce',
    script: 'dist/apps/connector-salesforce/src/main.js',
    optional: false,
    perReplica: true,
    system: 'salesforce',
    timeoutMs: 120_000,
    env: (c) => ({
      ...connectorEnv(c),
      CONNECTOR_PUBLIC_URL: `http://127.0.0.1:${c.port}`,
      ...quiet,
    }),
  },
  {
    role: 'connector-xero',
    script: 'dist/apps/connector-xero/src/main.js',
    optional: false,
    perReplica: true,
    system: 'xero',
    timeoutMs: 120_000,
    env: (c) => ({
      ...connectorEnv(c),
      CONNECTOR_PUBLIC_URL: `http://127.0.0.1:${c.port}`,
      XERO_WEBHOOK_KEY: c.xeroWebhookKey,
      // The default period: each status report probes Xero once, out of the organisation's 60
      // calls a minute, so the Stripe bench's 5 s would take a fifth of the budget.
      CONNECTOR_STATUS_INTERVAL_MS: '15000',
      ...quiet,
    }),
  },
];
