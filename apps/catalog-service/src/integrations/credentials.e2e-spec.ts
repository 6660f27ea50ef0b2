import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

import { decryptSecret, KeyRing } from '@concord/auth';
import { databaseUrlFor, dropDatabase } from '@concord/database';
import { ConnectionsTopic, withTopicPrefix } from '@concord/model';
import {
  type AppProcess,
  collectMessages,
  type MessageCollector,
  startAppProcess,
  testKafkaBrokers,
} from '@concord/testing';
import { Client } from 'pg';

import { CatalogClient } from '../../test/catalog-client';
import { catalogTestEnv } from '../../test/catalog-test-env';

jest.setTimeout(180_000);

// The built app and the built rotation command (node tools/scripts/build.mjs), as processes.
const WORKSPACE_ROOT = join(__dirname, '..', '..', '..', '..');
const MAIN = 'dist/apps/catalog-service/src/main.js';
const ROTATE = 'dist/apps/catalog-service/src/integrations/rotate-credentials.js';
const API_KEY = 'sk_test_e2e_4eC39HqLyjWDarjtT1zdp7dc';

describe('credentials at rest, in logs and on the topic; key rotation (processes)', () => {
  const k1 = randomBytes(32).toString('base64');
  const k2 = randomBytes(32).toString('base64');
  const env = catalogTestEnv({
    OUTBOX_RELAY: 'embedded',
    LOG_LEVEL: 'debug',
    CONCORD_SECRETS_KEYS: `k1:${k1}`,
    CONCORD_SECRETS_ACTIVE_KEY: 'k1',
    NOTIFICATION_ALLOWED_LOOPBACK: '127.0.0.1:9',
  });
  let app: AppProcess;
  let topic: MessageCollector;
  let client: CatalogClient;
  let tenantId: string;

  function rotate() {
    return spawnSync(process.execPath, [ROTATE], {
      cwd: WORKSPACE_ROOT,
      env: {
        ...process.env,
        ...env,
        CONCORD_SECRETS_KEYS: `k1:${k1},k2:${k2}`,
        CONCORD_SECRETS_ACTIVE_KEY: 'k2',
      },
      encoding: 'utf8',
      timeout: 60_000,
    });
  }

  async function storedCredentials(): Promise<string> {
    const db = new Client({
      connectionString: databaseUrlFor(env.DATABASE_URL, env.CATALOG_DATABASE),
    });
    await db.connect();
    try {
      const { rows } = await db.query<{ credentials_encrypted: string }>(
        'SELECT credentials_encrypted FROM integration_connections',
      );
      return rows[0].credentials_encrypted;
    } finally {
      await db.end();
    }
  }

  beforeAll(async () => {
    app = await startAppProcess({ name: 'catalog-service-credentials', script: MAIN, env });
    topic = await collectMessages({
      brokers: testKafkaBrokers(),
      topic: withTopicPrefix(env.KAFKA_TOPIC_PREFIX, ConnectionsTopic),
      fromBeginning: true,
    });
    const admin = new CatalogClient(app.url, env.CONCORD_ADMIN_API_KEY);
    tenantId = `creds-${randomBytes(3).toString('hex')}`;
    const created = await admin.post<{ apiKey: { key: string } }>('/v1/admin/tenants', {
      id: tenantId,
      name: 'Credentials',
    });
    client = new CatalogClient(app.url, created.body.apiKey.key);
  });

  afterAll(async () => {
    await topic?.stop();
    await app?.stop();
    await dropDatabase(env.DATABASE_URL, env.CATALOG_DATABASE);
  });

  it('never shows the credentials in clear: not in responses, the database, the topic or the logs', async () => {
    expect((await client.request('PUT', '/v1/integrations/stripe', { body: {} })).status).toBe(201);
    const set = await client.post<{ credentials: unknown }>('/v1/integrations/stripe/credentials', {
      apiKey: API_KEY,
    });
    expect(set.body.credentials).toEqual({ set: true, keyId: 'k1', updatedAt: expect.any(String) });
    const webhook = await client.request<{ secret: string }>('PUT', '/v1/notifications/webhook', {
      body: { url: 'http://127.0.0.1:9/hooks' },
    });
    expect(webhook.status).toBe(200);

    expect(await storedCredentials()).toMatch(/^enc:v1:k1:/);
    const message = await topic.waitFor(
      (m) =>
        m.key === `${tenantId}:stripe` &&
        (m.value as { credentials: unknown }).credentials !== null,
      20_000,
    );
    expect(JSON.stringify(message.value)).not.toContain(API_KEY);
    expect(app.logs()).toContain('request completed');
    expect(app.logs()).not.toContain(API_KEY);
    expect(app.logs()).not.toContain(webhook.body.secret);
  });

  it('re-encrypts every stored secret under the new active key, idempotently, printing counts only', async () => {
    const first = rotate();
    expect({ status: first.status, stderr: first.stderr }).toEqual({ status: 0, stderr: '' });
    expect(first.stdout).toContain('active key k2');
    expect(first.stdout).toContain('connection credentials: 1 re-encrypted, 0 already current');
    expect(first.stdout).toContain('notification secrets: 1 re-encrypted, 0 already current');
    expect(first.stdout).not.toContain(API_KEY);

    const stored = await storedCredentials();
    expect(stored).toMatch(/^enc:v1:k2:/);
    // A connector holding both keys (the old one until every secret moved) decrypts it.
    const connectorRing = KeyRing.parse(`k1:${k1},k2:${k2}`, 'k2');
    expect(JSON.parse(decryptSecret(connectorRing, stored, `${tenantId}:stripe`))).toEqual({
      apiKey: API_KEY,
    });
    const republished = await topic.waitFor(
      (m) =>
        m.key === `${tenantId}:stripe` &&
        String((m.value as { credentials: string | null }).credentials).startsWith('enc:v1:k2:'),
      20_000,
    );
    expect(JSON.stringify(republished.value)).not.toContain(API_KEY);

    const second = rotate();
    expect(second.status).toBe(0);
    expect(second.stdout).toContain('connection credentials: 0 re-encrypted, 1 already current');
    expect(second.stdout).toContain('notification secrets: 0 re-encrypted, 1 already current');
  });
});
