// The one list of Concord's runnable apps: how `npm start` runs each one locally, in this order,
// and what its closing banner lists for each (`links`: a label and a path on the app's port, or
// on `port` when the app serves several, with an optional note; `metricsPath`: its Prometheus
// endpoint). The compose file
// (docker/compose.yaml) and the Kubernetes manifests (docker/k8s/) mirror this list; the
// workspace check tools/workspace/src/deployables.spec.ts keeps them in step.
// The Xero app's webhook signing key between the local simulator and connector-xero: a demo value
// for loopback only, not a secret.
const XERO_DEMO_WEBHOOK_KEY = 'concord-demo-xero-webhook-key';

export const apps = [
  {
    name: 'simulator',
    script: 'dist/apps/simulator/src/main.js',
    port: 12111,
    readyPath: '/health/ready',
    env: () => ({
      STRIPE_SIM_PORT: '12111',
      SALESFORCE_SIM_PORT: '12121',
      XERO_SIM_PORT: '12131',
      SIMULATOR_HOST: '127.0.0.1',
      // Xero's one app-level webhook: verified (intent to receive) on the first change.
      XERO_SIM_WEBHOOK_URL: 'http://127.0.0.1:3103/xero/webhooks',
      XERO_SIM_WEBHOOK_KEY: XERO_DEMO_WEBHOOK_KEY,
    }),
    links: [
      { label: 'Stripe simulator', path: '', note: 'demo key sk_test_concord_demo' },
      {
        label: 'Salesforce simulator',
        port: 12121,
        path: '/services/oauth2/token',
        note: 'connected app concord-demo / concord-demo-secret',
      },
      {
        label: 'Xero simulator',
        port: 12131,
        path: '/api.xro/2.0',
        note: 'token concord-demo-token, tenant 00000000-0000-0000-0000-000000000001',
      },
    ],
  },
  {
    name: 'catalog-service',
    script: 'dist/apps/catalog-service/src/main.js',
    port: 3000,
    readyPath: '/health/ready',
    env: (ctx) => ({
      PORT: '3000',
      DATABASE_URL: ctx.databaseUrl,
      CATALOG_DATABASE: 'concord',
      KAFKA_BROKERS: ctx.kafkaBrokers,
      CONCORD_ADMIN_API_KEY: ctx.secrets.adminApiKey,
      CONCORD_SECRETS_KEYS: ctx.secrets.keyRing,
      CONCORD_SECRETS_ACTIVE_KEY: ctx.secrets.activeKey,
      CONCORD_DEMO_API_KEY: ctx.demoApiKey,
      // The demo connections' baseUrls are the simulators on loopback, refused unless named here.
      CONCORD_OUTBOUND_ALLOWED_LOOPBACK: '127.0.0.1:12111,127.0.0.1:12121,127.0.0.1:12131',
      // apps/outbox-relay, next, publishes the outbox.
      OUTBOX_RELAY: 'external',
      ...(ctx.redisUrl ? { REDIS_URL: ctx.redisUrl } : {}),
    }),
    links: [
      { label: 'Catalog API', path: '/v1' },
      { label: 'API docs', path: '/docs' },
    ],
    metricsPath: '/metrics',
  },
  {
    // Publishes catalog-service's outbox to Kafka; after catalog-service, which creates the database.
    name: 'outbox-relay',
    script: 'dist/apps/outbox-relay/src/main.js',
    port: 3010,
    readyPath: '/health/ready',
    env: (ctx) => ({
      PORT: '3010',
      DATABASE_URL: ctx.databaseUrl,
      CATALOG_DATABASE: 'concord',
      KAFKA_BROKERS: ctx.kafkaBrokers,
    }),
    links: [{ label: 'Outbox relay', path: '/health/ready', note: 'outbox to Kafka' }],
    metricsPath: '/metrics',
  },
  {
    name: 'connector-stripe',
    script: 'dist/apps/connector-stripe/src/main.js',
    port: 3101,
    readyPath: '/health/ready',
    env: (ctx) => ({
      PORT: '3101',
      KAFKA_BROKERS: ctx.kafkaBrokers,
      CONCORD_SECRETS_KEYS: ctx.secrets.keyRing,
      CONCORD_SECRETS_ACTIVE_KEY: ctx.secrets.activeKey,
      // The simulator is on loopback, which the outbound allow-list refuses unless named here.
      CONNECTOR_ALLOWED_LOOPBACK: '127.0.0.1:12111',
      CONNECTOR_PUBLIC_URL: 'http://127.0.0.1:3101',
      ...(ctx.redisUrl ? { REDIS_URL: ctx.redisUrl } : {}),
    }),
    links: [{ label: 'Stripe connector', path: '/webhooks', note: 'Stripe webhooks' }],
    metricsPath: '/metrics',
  },
  {
    name: 'connector-salesforce',
    script: 'dist/apps/connector-salesforce/src/main.js',
    port: 3102,
    readyPath: '/health/ready',
    env: (ctx) => ({
      PORT: '3102',
      KAFKA_BROKERS: ctx.kafkaBrokers,
      CONCORD_SECRETS_KEYS: ctx.secrets.keyRing,
      CONCORD_SECRETS_ACTIVE_KEY: ctx.secrets.activeKey,
      // The simulator is on loopback, which the outbound allow-list refuses unless named here.
      CONNECTOR_ALLOWED_LOOPBACK: '127.0.0.1:12121',
      CONNECTOR_PUBLIC_URL: 'http://127.0.0.1:3102',
      ...(ctx.redisUrl ? { REDIS_URL: ctx.redisUrl } : {}),
    }),
    links: [{ label: 'Salesforce connector', path: '/health/ready', note: 'polls the org' }],
    metricsPath: '/metrics',
  },
  {
    name: 'connector-xero',
    script: 'dist/apps/connector-xero/src/main.js',
    port: 3103,
    readyPath: '/health/ready',
    env: (ctx) => ({
      PORT: '3103',
      KAFKA_BROKERS: ctx.kafkaBrokers,
      CONCORD_SECRETS_KEYS: ctx.secrets.keyRing,
      CONCORD_SECRETS_ACTIVE_KEY: ctx.secrets.activeKey,
      // The Xero simulator is on loopback, which the outbound allow-list refuses unless named here.
      CONNECTOR_ALLOWED_LOOPBACK: '127.0.0.1:12131',
      CONNECTOR_PUBLIC_URL: 'http://127.0.0.1:3103',
      XERO_WEBHOOK_KEY: XERO_DEMO_WEBHOOK_KEY,
      ...(ctx.redisUrl ? { REDIS_URL: ctx.redisUrl } : {}),
    }),
    links: [{ label: 'Xero connector', path: '/xero/webhooks', note: 'Xero webhooks (app level)' }],
    metricsPath: '/metrics',
  },
  {
    // Static files plus a /v1 proxy to catalog-service: the operators' web console.
    name: 'console',
    script: 'apps/console/serve/console-server.mjs',
    port: 4200,
    readyPath: '/',
    env: () => ({ CONSOLE_PORT: '4200', CATALOG_URL: 'http://127.0.0.1:3000' }),
    links: [{ label: 'Console', path: '/', note: 'sign in with the demo key below' }],
  },
];
