import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

import { decryptSecret, KeyRing } from '@concord/auth';
import { databaseUrlFor, dropDatabase } from '@concord/database';
import { connectorRetryTopic, withTopicPrefix } from '@concord/model';
import {
  type AppProcess,
  collectMessages,
  eventually,
  startAppProcess,
  testKafkaBrokers,
} from '@concord/testing';
import { Client } from 'pg';

import { CatalogClient } from '../../test/catalog-client';
import { catalogTestEnv } from '../../test/catalog-test-env';

jest.setTimeout(180_000);

const WORKSPACE_ROOT = join(__dirname, '..', '..', '..', '..');
const MAIN = 'dist/apps/catalog-service/src/main.js';
const SEED = 'dist/apps/catalog-service/src/demo/seed-demo.js';
// The key `npm start` passes (tools/scripts/start.mjs).
const DEMO_KEY = 'ck_demo_concorddemo0_Zm9yIGRlbW8gdXNlIG9ubHkgLSBub3QgYSBzZWNyZXQ';

describe('demo tenant seed (processes)', () => {
  const env = catalogTestEnv({ OUTBOX_RELAY: 'embedded', CONCORD_DEMO_API_KEY: DEMO_KEY });
  let app: AppProcess;

  function seed(overrides: Record<string, string> = {}) {
    return spawnSync(process.execPath, [SEED], {
      cwd: WORKSPACE_ROOT,
      env: { ...process.env, ...env, ...overrides },
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

  it('creates the demo tenant once, usable with the fixed demo key, with its Stripe, Salesforce and Xero connections', async () => {
    const backfill = await collectMessages({
      brokers: testKafkaBrokers(),
      topic: withTopicPrefix(env.KAFKA_TOPIC_PREFIX, connectorRetryTopic('stripe')),
      fromBeginning: true,
    });
    try {
      const first = seed();
      expect({ status: first.status, stderr: first.stderr }).toEqual({ status: 0, stderr: '' });
      expect(first.stdout).toContain(
        'created 5 customers, 4 products, 3 invoices, the stripe connection, the salesforce connection, the xero connection',
      );
      expect(first.stdout).toContain(`demo API key: ${DEMO_KEY}`);
      const second = seed();
      expect(second.status).toBe(0);
      expect(second.stdout).toContain('already there; created 0 customers, 0 products, 0 invoices');

      // The seeds ran synchronously (spawnSync) for longer than the app's keep-alive timeout: let
      // fetch see the pooled connection the app closed meanwhile before the next request.
      await new Promise((resolve) => setTimeout(resolve, 200));
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
      const salesforce = await demo.get<Record<string, unknown>>('/v1/integrations/salesforce');
      expect(salesforce.body).toMatchObject({
        enabled: true,
        direction: 'both',
        entityTypes: ['customer', 'product'],
        settings: { baseUrl: 'http://127.0.0.1:12121' },
        credentials: { set: true },
      });
      const xero = await demo.get<Record<string, unknown>>('/v1/integrations/xero');
      expect(xero.body).toMatchObject({
        enabled: true,
        direction: 'both',
        settings: {
          baseUrl: 'http://127.0.0.1:12131',
          xeroTenantId: '00000000-0000-0000-0000-000000000001',
        },
        credentials: { set: true },
      });
      // The running app streams the enabled connection's snapshot to the Stripe connector.
      await eventually(() => expect(backfill.messages.length).toBe(12), { timeoutMs: 30_000 });
      expect(app.logs()).not.toContain('sk_test_concord_demo');
      expect(app.logs()).not.toContain('concord-demo-secret');
      expect(app.logs()).not.toContain('concord-demo-token');
    } finally {
      await backfill.stop();
    }
  });

  it('stores the demo credentials again when the local key ring was made anew', async () => {
    // A checkout whose .cache/ was deleted makes a new ring, under the same key id.
    const ring = `t1:${randomBytes(32).toString('base64')}`;
    const again = seed({ CONCORD_SECRETS_KEYS: ring, CONCORD_SECRETS_ACTIVE_KEY: 't1' });
    expect({ status: again.status, stderr: again.stderr }).toEqual({ status: 0, stderr: '' });
    const db = new Client({
      connectionString: databaseUrlFor(env.DATABASE_URL, env.CATALOG_DATABASE),
    });
    await db.connect();
    try {
      const { rows } = await db.query<{ credentials_encrypted: string }>(
        "SELECT credentials_encrypted FROM integration_connections WHERE tenant_id = 'demo' AND system = 'stripe'",
      );
      const opened = decryptSecret(
        KeyRing.parse(ring, 't1'),
        rows[0].credentials_encrypted,
        'demo:stripe',
      );
      expect(JSON.parse(opened)).toEqual({ apiKey: 'sk_test_concord_demo' });
    } finally {
      await db.end();
    }
  });
});
