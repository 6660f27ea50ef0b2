// The one list of Concord's runnable apps: how `npm start` runs each one locally. The compose
// file (docker/compose.yaml) and the Kubernetes manifests (docker/k8s/) mirror this list; the
// workspace check tools/workspace/src/deployables.spec.ts keeps them in step.
export const apps = [
  {
    name: 'simulator',
    script: 'dist/apps/simulator/src/main.js',
    port: 12111,
    readyPath: '/health/ready',
    env: () => ({ STRIPE_SIM_PORT: '12111', SIMULATOR_HOST: '127.0.0.1' }),
    describe: (p) => `Stripe simulator     http://127.0.0.1:${p}  (demo key sk_test_concord_demo)`,
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
      // The demo connection's baseUrl is the simulator on loopback, refused unless named here.
      CONCORD_OUTBOUND_ALLOWED_LOOPBACK: '127.0.0.1:12111',
      ...(ctx.redisUrl ? { REDIS_URL: ctx.redisUrl } : {}),
    }),
    describe: (p) => `Catalog API          http://127.0.0.1:${p}/v1   (OpenAPI at /docs)`,
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
    describe: (p) => `Stripe connector     http://127.0.0.1:${p}  (webhooks, /metrics)`,
  },
  {
    // Static files plus a /v1 proxy to catalog-service: the operators' web console.
    name: 'console',
    script: 'apps/console/serve/console-server.mjs',
    port: 4200,
    readyPath: '/',
    env: () => ({ CONSOLE_PORT: '4200', CATALOG_URL: 'http://127.0.0.1:3000' }),
    describe: (p) =>
      `Console              http://127.0.0.1:${p}  (sign in with the demo key below)`,
  },
];
