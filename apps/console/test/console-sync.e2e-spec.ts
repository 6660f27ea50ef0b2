import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';

import {
  type AppProcess,
  ensureBuilt,
  freePort,
  simulatorPortsEnv,
  startAppProcess,
  type TestDatabase,
  testDatabase,
  testDatabaseAdminUrl,
  testKafkaBrokers,
  testRedisUrl,
  testTenantId,
  testTopicPrefix,
} from '@concord/testing';
import type { Browser, Page } from 'playwright-core';

import { seriousA11yViolations } from './accessibility';
import { launchChromium, SCREENSHOTS } from './console-browser';

// The whole system as processes: the Stripe simulator, catalog-service, connector-stripe and the
// console server; an operator connects Stripe in the browser and watches a customer sync.
describe('connecting Stripe in the console and watching a customer sync', () => {
  const prefix = testTopicPrefix();
  const keyRing = `e2e:${randomBytes(32).toString('base64')}`;
  const adminKey = randomBytes(24).toString('base64url');
  const stripeKey = `sk_test_${randomUUID().replace(/-/g, '')}`;
  let database: TestDatabase;
  let simulator: AppProcess;
  let catalog: AppProcess;
  let connector: AppProcess;
  let consoleServer: AppProcess;
  let browser: Browser;
  let tenantKey: string;

  beforeAll(async () => {
    ensureBuilt();
    browser = await launchChromium();
    database = await testDatabase('console_sync');
    const simulatorPort = await freePort();
    simulator = await startAppProcess({
      name: 'console-sync-simulator',
      script: 'dist/apps/simulator/src/main.js',
      port: simulatorPort,
      env: { ...simulatorPortsEnv(simulatorPort), LOG_LEVEL: 'warn' },
    });
    const simulatorHost = new URL(simulator.url).host;
    catalog = await startAppProcess({
      name: 'console-sync-catalog',
      script: 'dist/apps/catalog-service/src/main.js',
      env: {
        DATABASE_URL: testDatabaseAdminUrl(),
        CATALOG_DATABASE: database.name,
        KAFKA_BROKERS: testKafkaBrokers().join(','),
        KAFKA_TOPIC_PREFIX: prefix,
        KAFKA_SESSION_TIMEOUT_MS: '6000',
        CONCORD_ADMIN_API_KEY: adminKey,
        CONCORD_SECRETS_KEYS: keyRing,
        CONCORD_SECRETS_ACTIVE_KEY: 'e2e',
        CONCORD_OUTBOUND_ALLOWED_LOOPBACK: simulatorHost,
        RUN_MIGRATIONS: 'true',
        OUTBOX_POLL_INTERVAL_MS: '100',
        SYNC_TOPIC_REFRESH_MS: '1000',
        LOG_LEVEL: 'warn',
      },
      timeoutMs: 90_000,
    });
    const connectorPort = await freePort();
    connector = await startAppProcess({
      name: 'console-sync-connector',
      script: 'dist/apps/connector-stripe/src/main.js',
      port: connectorPort,
      env: {
        KAFKA_BROKERS: testKafkaBrokers().join(','),
        KAFKA_TOPIC_PREFIX: prefix,
        KAFKA_SESSION_TIMEOUT_MS: '6000',
        REDIS_URL: testRedisUrl(),
        CONCORD_SECRETS_KEYS: keyRing,
        CONCORD_SECRETS_ACTIVE_KEY: 'e2e',
        CONNECTOR_ALLOWED_LOOPBACK: simulatorHost,
        CONNECTOR_PUBLIC_URL: `http://127.0.0.1:${connectorPort}`,
        CONNECTOR_STATUS_INTERVAL_MS: '1000',
        // Give up on an unavailable Stripe quickly, so the failure reaches the console in seconds.
        CONNECTOR_MAX_ATTEMPTS: '2',
        LOG_LEVEL: 'warn',
      },
      timeoutMs: 90_000,
    });
    consoleServer = await startAppProcess({
      name: 'console-sync-server',
      script: 'apps/console/serve/console-server.mjs',
      env: { CATALOG_URL: catalog.url },
      readyPath: '/',
    });
    const tenant = await fetch(`${catalog.url}/v1/admin/tenants`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: testTenantId(), name: 'Contoso Finance' }),
    });
    tenantKey = ((await tenant.json()) as { apiKey: { key: string } }).apiKey.key;
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    for (const app of [consoleServer, connector, catalog, simulator]) {
      await app?.stop().catch(() => undefined);
    }
    await database?.drop().catch(() => undefined);
  });

  async function createCustomer(
    name: string,
    email: string,
    metadata: Record<string, string> = {},
  ): Promise<string> {
    const response = await fetch(`${catalog.url}/v1/customers`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tenantKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name, email, metadata }),
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { id: string }).id;
  }

  async function nav(page: Page, name: string): Promise<void> {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();
  }

  it('connects Stripe, then shows a new customer synced with its Stripe id', async () => {
    const context = await browser.newContext({
      viewport: { width: 1366, height: 900 },
      bypassCSP: true,
    });
    const page = await context.newPage();
    await page.goto(consoleServer.url);
    await page.getByLabel('API key').fill(tenantKey);
    await page.getByRole('button', { name: 'Sign in' }).click();

    // The connector runs (its consumer group has a member), so Stripe can be connected.
    const card = page.getByRole('article', { name: 'Stripe' });
    await card.getByText('Not connected').waitFor({ timeout: 30_000 });
    await card.getByRole('link', { name: 'Connect Stripe' }).click();
    await page.getByRole('heading', { name: 'Connect Stripe', level: 1 }).waitFor();
    await page.getByLabel('API address (optional)').fill(simulator.url);
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await page.getByRole('heading', { name: 'Stripe', level: 1 }).waitFor();
    const testPanel = page.getByRole('region', { name: 'Test the connection' });

    // A wrong key first: Stripe's own refusal, in its words, with the key masked.
    await page.getByLabel('Secret API key').fill('sk_live_mistyped0000wxyz');
    await page.getByRole('button', { name: 'Save credentials' }).click();
    await page.getByText('Credentials saved.').waitFor();
    await testPanel.getByRole('button', { name: 'Test the connection' }).click();
    const refusal = testPanel.getByRole('alert');
    await refusal
      .getByText(/Stripe refused the connection: .*Invalid API Key provided: sk_live_\*+wxyz/)
      .waitFor({ timeout: 30_000 });
    expect(await refusal.innerText()).not.toContain('mistyped');
    await testPanel.screenshot({ path: join(SCREENSHOTS, 'configure-refused.png') });

    await page.getByLabel('Secret API key').fill(stripeKey);
    await page.getByRole('button', { name: 'Replace credentials' }).click();
    await page.getByText('Credentials saved.').waitFor();
    expect(await page.getByLabel('Secret API key').inputValue()).toBe('');

    // The connector calls Stripe with the key just saved and answers through its status topic.
    await testPanel.getByRole('button', { name: 'Test the connection' }).click();
    await testPanel.getByText(/Stripe accepted the credentials/).waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(SCREENSHOTS, 'configure-tested.png'), fullPage: true });
    expect(await seriousA11yViolations(page)).toEqual([]);

    const customerId = await createCustomer('Grace Hopper', 'grace@example.com');
    await nav(page, 'Records');
    await page.getByRole('link', { name: 'Grace Hopper' }).click();
    await page.waitForURL(`**/records/customer/${customerId}`);
    const stripeRow = page
      .getByRole('table', { name: 'Sync state per system' })
      .getByRole('row', { name: /Stripe/ });
    await stripeRow.getByText('Synced').waitFor({ timeout: 60_000 });
    const externalId = (await stripeRow.getByRole('link').locator('code').innerText()).trim();
    expect(externalId).toMatch(/^cus_/);
    await page.screenshot({ path: join(SCREENSHOTS, 'record-synced.png'), fullPage: true });
    expect(await seriousA11yViolations(page)).toEqual([]);

    // The customer is in Stripe (the simulator), under the id the console shows.
    const inStripe = await fetch(`${simulator.url}/v1/customers/${externalId}`, {
      headers: { authorization: `Bearer ${stripeKey}` },
    });
    expect(await inStripe.json()).toMatchObject({ id: externalId, name: 'Grace Hopper' });

    await nav(page, 'Integrations');
    await card.getByText('Healthy').waitFor({ timeout: 30_000 });
    // The overview polls every 10 s: the customer's sync shows as the last successful one.
    await card.getByText('never').waitFor({ state: 'detached', timeout: 30_000 });
    await page.screenshot({
      path: join(SCREENSHOTS, 'integrations-connected.png'),
      fullPage: true,
    });
    await context.close();
  });

  it('shows a change Stripe could not take as a failure, and syncs it once replayed after the fix', async () => {
    const context = await browser.newContext({
      viewport: { width: 1366, height: 900 },
      bypassCSP: true,
    });
    const page = await context.newPage();
    await page.goto(consoleServer.url);
    await page.getByLabel('API key').fill(tenantKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('article', { name: 'Stripe' }).waitFor();

    // Stripe (the simulator) answers 503 to every new customer.
    const faults = await fetch(`${simulator.url}/_control/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        rules: [{ method: 'POST', path: '/v1/customers', errorRate: 1, status: 503 }],
      }),
    });
    expect(faults.status).toBe(200);
    await createCustomer('Alan Turing', 'alan@example.com');

    await nav(page, 'Failures');
    const row = page.getByRole('row', { name: /Stripe could not be reached after 2 tries/ });
    await row.waitFor({ timeout: 60_000 });
    await page.screenshot({ path: join(SCREENSHOTS, 'failures-from-stripe.png'), fullPage: true });

    // The operator fixes the cause, then replays the change.
    await fetch(`${simulator.url}/_control/faults`, { method: 'DELETE' });
    await row.getByRole('button', { name: 'Replay' }).click();
    await page.getByText('1 change replayed.').waitFor();
    await page.getByText('No open failures').waitFor();

    await nav(page, 'Records');
    await page.getByRole('link', { name: 'Alan Turing' }).click();
    const stripeRow = page
      .getByRole('table', { name: 'Sync state per system' })
      .getByRole('row', { name: /Stripe/ });
    await stripeRow.getByText('Synced').waitFor({ timeout: 60_000 });
    expect(await stripeRow.getByRole('link').locator('code').innerText()).toMatch(/^cus_/);
    await context.close();
  });

  it('maps a custom field the operator adds, on the next sync', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    await page.goto(consoleServer.url);
    await page.getByLabel('API key').fill(tenantKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page
      .getByRole('article', { name: 'Stripe' })
      .getByRole('link', { name: 'Configure' })
      .click();

    const form = page.getByRole('form', { name: 'How it syncs' });
    await form.getByRole('button', { name: 'Add a mapping' }).click();
    const mapping = form.getByRole('group', { name: 'Mapping 1' });
    await mapping.getByLabel('Catalog field').fill('metadata.segment');
    await mapping.getByLabel('Stripe field').fill('metadata.tier');
    await form.getByRole('button', { name: 'Save settings' }).click();
    await form.getByText('Settings saved.').waitFor();

    await createCustomer('Katherine Johnson', 'katherine@example.com', { segment: 'enterprise' });
    await nav(page, 'Records');
    await page.getByRole('link', { name: 'Katherine Johnson' }).click();
    const stripeRow = page
      .getByRole('table', { name: 'Sync state per system' })
      .getByRole('row', { name: /Stripe/ });
    await stripeRow.getByText('Synced').waitFor({ timeout: 60_000 });
    const externalId = (await stripeRow.getByRole('link').locator('code').innerText()).trim();
    const inStripe = await fetch(`${simulator.url}/v1/customers/${externalId}`, {
      headers: { authorization: `Bearer ${stripeKey}` },
    });
    expect(await inStripe.json()).toMatchObject({ metadata: { tier: 'enterprise' } });
    await context.close();
  });

  it('shows Stripe as unavailable once its connector stops, though its last status was healthy', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    await page.goto(consoleServer.url);
    await page.getByLabel('API key').fill(tenantKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const card = page.getByRole('article', { name: 'Stripe' });
    await card.getByText('Healthy').waitFor({ timeout: 30_000 });

    // Its consumer group loses its only member: the broker, not the last status, says so.
    await connector.stop();
    await card.getByText('Unavailable').waitFor({ timeout: 45_000 });
    await card.getByText(/No Stripe connector is running/).waitFor();
    expect(await card.getByRole('link', { name: 'Configure' }).isVisible()).toBe(true);
    await context.close();
  });
});
