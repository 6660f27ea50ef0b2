import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

import { dropDatabase } from '@concord/database';
import { connectorRetryTopic, withTopicPrefix } from '@concord/model';
import {
  type AppProcess,
  collectMessages,
  eventually,
  startAppProcess,
  testKafkaBrokers,
} from '@concord/testing';

import { CatalogClient } from '../../test/catalog-client';
import { catalogTestEnv } from '../../test/catalog-test-env';

jest.setTimeout(180_000);

const WORKSPACE_ROOT = join(__dirname, '..', '..', '..', '..');
const MAIN = 'dist/apps/catalog-service/src/main.js';
const SEED = 'dist/apps/catalog-service/src/demo/seed-demo.js';
// The key `npm start` passes (tools/scripts/start.mjs).
const DEMO_KEY = 'ck_demo_concorddemo0_Zm9yIGRlbW8gdXNlIG9ubHkgLSBub3QgYSBzZWNyZXQ';

describe('demo tenant seed (processes)', () => {
  const env = catalogTestEnv({ OUTBOX_RELAY_ENABLED: 'true', CONCORD_DEMO_API_KEY: DEMO_KEY });
  let app: AppProcess;

  function seed() {
    return spawnSync(process.execPath, [SEED], {
      cwd: WORKSPACE_ROOT,
      env: { ...process.env, ...env },
      encoding: 'utf8',
      timeout: 60_000,
    });
  }

  beforeAll(async () => {
    app = await startAppProcess({ name: 'catalog-service-demo', script: MAIN, env });
  });

  afterAll(async () => {
    await app?.stop();
    await dropDatabase(env.DATABASE_URL, env.CATALOG_DATABASE);
  });

  it('creates the demo tenant once, usable with the fixed demo key, with its Stripe connection', async () => {
    const backfill = await collectMessages({
      brokers: testKafkaBrokers(),
      topic: withTopicPrefix(env.KAFKA_TOPIC_PREFIX, connectorRetryTopic('stripe')),
      fromBeginning: true,
    });
    try {
      const first = seed();
      expect({ status: first.status, stderr: first.stderr }).toEqual({ status: 0, stderr: '' });
      expect(first.stdout).toContain(
        'created 5 customers, 4 products, 3 invoices, the stripe connection',
      );
      expect(first.stdout).toContain(`demo API key: ${DEMO_KEY}`);
      const second = seed();
      expect(second.status).toBe(0);
      expect(second.stdout).toContain('already there; created 0 customers, 0 products, 0 invoices');

      const demo = new CatalogClient(app.url, DEMO_KEY);
      const customers = await demo.get<{ data: unknown[] }>('/v1/customers');
      expect(customers.body.data).toHaveLength(5);
      const products = await demo.get<{
        data: Array<{ unitPrice: { amount: number; currency: string } }>;
      }>('/v1/products');
      expect(products.body.data.map((p) => p.unitPrice)).toContainEqual({
        amount: 50000,
        currency: 'JPY',
      });
      const invoices = await demo.get<{ data: Array<{ status: string; lines: unknown[] }> }>(
        '/v1/invoices',
      );
      expect(invoices.body.data.map((i) => i.status).sort()).toEqual(['draft', 'open', 'paid']);
      expect(invoices.body.data.every((i) => i.lines.length > 0)).toBe(true);
      const stripe = await demo.get<Record<string, unknown>>('/v1/integrations/stripe');
      expect(stripe.body).toMatchObject({
        enabled: true,
        direction: 'both',
        entityTypes: ['customer', 'product', 'invoice'],
        matchingKeys: { customer: ['email'] },
        settings: { baseUrl: 'http://127.0.0.1:12111' },
        credentials: { set: true },
      });
      // The running app streams the enabled connection's snapshot to the Stripe connector.
      await eventually(() => expect(backfill.messages.length).toBe(12), { timeoutMs: 30_000 });
      expect(app.logs()).not.toContain('sk_test_concord_demo');
    } finally {
      await backfill.stop();
    }
  });
});
