import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

import { dropDatabase } from '@concord/database';
import { CatalogTopics, type Customer, withTopicPrefix } from '@concord/model';
import {
  type AppProcess,
  collectMessages,
  eventually,
  startAppProcess,
  testKafkaBrokers,
} from '@concord/testing';

import { CatalogClient } from './catalog-client';
import { catalogTestEnv } from './catalog-test-env';

// The built app (node tools/scripts/build.mjs), started the way a deployment starts it: the
// migrate command first, then the service with RUN_MIGRATIONS=false.
const WORKSPACE_ROOT = join(__dirname, '..', '..', '..');
const MAIN = 'dist/apps/catalog-service/src/main.js';
const MIGRATE = 'dist/apps/catalog-service/src/database/migrate.js';

describe('catalog-service as a process', () => {
  const env = catalogTestEnv({
    RUN_MIGRATIONS: 'false',
    OUTBOX_RELAY: 'embedded',
    LOG_LEVEL: 'info',
  });
  let app: AppProcess;

  function runNode(script: string, extraEnv: Record<string, string> = {}) {
    return spawnSync(process.execPath, [script], {
      cwd: WORKSPACE_ROOT,
      env: { ...process.env, ...env, ...extraEnv },
      encoding: 'utf8',
      timeout: 60_000,
    });
  }

  beforeAll(async () => {
    const migrated = runNode(MIGRATE);
    expect({ status: migrated.status, stderr: migrated.stderr }).toEqual({ status: 0, stderr: '' });
    expect(migrated.stdout).toContain('applied InitialSchema1767225600000');
    app = await startAppProcess({ name: 'catalog-service', script: MAIN, env });
  });

  afterAll(async () => {
    await app?.stop();
    await dropDatabase(env.DATABASE_URL, env.CATALOG_DATABASE);
  });

  it('refuses to start on a bad environment, naming the variable but not the secret', () => {
    const refused = runNode(MAIN, { CONCORD_ADMIN_API_KEY: 'too-short-secret', PORT: 'http' });
    expect(refused.status).toBe(78);
    expect(refused.stderr).toContain('CONCORD_ADMIN_API_KEY');
    expect(refused.stderr).toContain('PORT');
    expect(refused.stderr).not.toContain('too-short-secret');
  });

  it('finds nothing to migrate a second time', () => {
    const again = runNode(MIGRATE);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('up to date');
  });

  it('serves a tenant, publishes its changes and replays an idempotent POST after a restart', async () => {
    const admin = new CatalogClient(app.url, env.CONCORD_ADMIN_API_KEY);
    const created = await admin.post<{ apiKey: { key: string } }>('/v1/admin/tenants', {
      id: 'e2e-tenant',
      name: 'E2E',
    });
    expect(created.status).toBe(201);
    const client = new CatalogClient(app.url, created.body.apiKey.key);

    await eventually(
      async () => expect((await fetch(`${app.url}/health/ready`)).status).toBe(200),
      { timeoutMs: 30_000 },
    );
    const collector = await collectMessages({
      brokers: testKafkaBrokers(),
      topic: withTopicPrefix(env.KAFKA_TOPIC_PREFIX, CatalogTopics.customer),
    });
    try {
      const headers = { 'idempotency-key': 'e2e-create-1' };
      const first = await client.post<Customer>('/v1/customers', { name: 'Ada' }, { headers });
      expect(first.status).toBe(201);
      const event = await collector.waitFor((m) => m.key === `e2e-tenant:${first.body.id}`, 20_000);
      expect(event.headers['x-entity-version']).toBe('1');

      await app.restart();
      const replay = await new CatalogClient(app.url, created.body.apiKey.key).post<Customer>(
        '/v1/customers',
        { name: 'Ada' },
        { headers },
      );
      expect(replay.status).toBe(201);
      expect(replay.body).toEqual(first.body);
      const list = await client.get<{ data: Customer[] }>('/v1/customers');
      expect(list.body.data).toHaveLength(1);
    } finally {
      await collector.stop();
    }

    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    expect(metrics).toContain('catalog_outbox_relay_shards_held');
    expect(app.logs()).not.toContain(created.body.apiKey.key);
    expect(app.logs()).not.toContain(env.CONCORD_ADMIN_API_KEY);
  });
});
