import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

import { dropDatabase } from '@concord/database';
import { createKafkaClient, TopicAdmin } from '@concord/kafka';
import {
  CatalogTopics,
  connectorOutcomeTopic,
  connectorStatusKey,
  connectorStatusTopic,
  deadLetterTopic,
  envelopeHeaders,
  syncOutcomeKey,
  withTopicPrefix,
} from '@concord/model';
import {
  aCatalogEvent,
  aConnectorStatus,
  type AppProcess,
  aSyncOutcome,
  ensureBuilt,
  eventually,
  publishMessages,
  randomSuffix,
  startAppProcess,
  testDatabaseAdminUrl,
  testKafkaBrokers,
  testTenantId,
  testTopicPrefix,
} from '@concord/testing';
import type { Consumer } from 'kafkajs';
import type { Browser, Page } from 'playwright-core';

import { seriousA11yViolations } from './accessibility';
import { launchChromium, SCREENSHOTS } from './console-browser';

// Built first (npm run build): catalog-service's main.js and the console in dist/apps/console.
describe('the console in a browser, against catalog-service as a process', () => {
  const catalogEnv: Record<string, string> = {
    DATABASE_URL: testDatabaseAdminUrl(),
    CATALOG_DATABASE: `console_${randomSuffix()}`,
    KAFKA_BROKERS: testKafkaBrokers().join(','),
    KAFKA_TOPIC_PREFIX: testTopicPrefix(),
    CONCORD_ADMIN_API_KEY: randomBytes(24).toString('base64url'),
    CONCORD_SECRETS_KEYS: `t1:${randomBytes(32).toString('base64')}`,
    CONCORD_SECRETS_ACTIVE_KEY: 't1',
    CONCORD_OUTBOUND_ALLOWED_LOOPBACK: '127.0.0.1:12111',
    HOST: '127.0.0.1',
    RUN_MIGRATIONS: 'true',
    LOG_LEVEL: 'warn',
    SYNC_TOPIC_REFRESH_MS: '1000',
  };
  let catalog: AppProcess;
  let consoleServer: AppProcess;
  let browser: Browser;
  let tenantId: string;
  let tenantKey: string;
  let readKey: string;
  let stripeConnector: Consumer;

  async function api<T>(method: string, path: string, key: string, body?: unknown): Promise<T> {
    const response = await fetch(`${catalog.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  }

  /**
   * A member in Stripe's connector group, as connector-stripe would be: the console then offers
   * Stripe, while Salesforce and Xero (no member) stay unavailable.
   */
  async function joinStripeConnectorGroup(): Promise<Consumer> {
    const prefix = catalogEnv.KAFKA_TOPIC_PREFIX;
    const kafka = createKafkaClient({ brokers: testKafkaBrokers(), clientId: 'console-e2e' });
    const topic = withTopicPrefix(prefix, connectorStatusTopic('stripe'));
    const admin = new TopicAdmin(kafka);
    await admin.ensureTopics([{ name: topic, partitions: 1 }]);
    await admin.disconnect();
    const consumer = kafka.consumer({
      groupId: `${prefix}connector-stripe`,
      sessionTimeout: 6000,
    });
    await consumer.connect();
    await consumer.subscribe({ topic });
    await consumer.run({ eachMessage: async () => undefined });
    return consumer;
  }

  beforeAll(async () => {
    ensureBuilt();
    browser = await launchChromium();
    stripeConnector = await joinStripeConnectorGroup();
    catalog = await startAppProcess({
      name: 'console-e2e-catalog',
      script: 'dist/apps/catalog-service/src/main.js',
      env: catalogEnv,
    });
    consoleServer = await startAppProcess({
      name: 'console-e2e-server',
      script: 'apps/console/serve/console-server.mjs',
      env: { CATALOG_URL: catalog.url },
      readyPath: '/',
    });
    tenantId = testTenantId();
    const tenant = await api<{ apiKey: { key: string } }>(
      'POST',
      '/v1/admin/tenants',
      catalogEnv.CONCORD_ADMIN_API_KEY,
      { id: tenantId, name: 'Northwind Traders' },
    );
    tenantKey = tenant.apiKey.key;
    readKey = (
      await api<{ key: string }>('POST', '/v1/api-keys', tenantKey, {
        name: 'Auditor',
        scopes: ['read'],
      })
    ).key;
    const stripe = await api<{ connectionId: string }>(
      'PUT',
      '/v1/integrations/stripe',
      tenantKey,
      {
        enabled: false,
        direction: 'both',
        settings: { baseUrl: 'http://127.0.0.1:12111' },
      },
    );
    const ada = await api<{ id: string }>('POST', '/v1/customers', tenantKey, {
      name: 'Ada Lovelace',
      email: 'ada@example.com',
    });
    await deadLetterFromStripe(ada.id);
    await reportFromStripe(stripe.connectionId, ada.id);
  });

  /** What the Stripe connector reports: its status (with its rate budget) and a synced customer. */
  async function reportFromStripe(connectionId: string, customerId: string): Promise<void> {
    const prefix = catalogEnv.KAFKA_TOPIC_PREFIX;
    const statusTopic = withTopicPrefix(prefix, connectorStatusTopic('stripe'));
    const outcomeTopic = withTopicPrefix(prefix, connectorOutcomeTopic('stripe'));
    const admin = new TopicAdmin(
      createKafkaClient({ brokers: testKafkaBrokers(), clientId: 'console-e2e' }),
    );
    await admin.ensureTopics([
      { name: statusTopic, partitions: 1 },
      { name: outcomeTopic, partitions: 1 },
    ]);
    await admin.disconnect();
    const status = aConnectorStatus({
      tenant: tenantId,
      connectionId,
      budget: { used: 9, limit: 25, windowMs: 1000 },
    });
    const outcome = aSyncOutcome({
      tenant: tenantId,
      connectionId,
      entityId: customerId,
      entityVersion: 1,
      externalId: 'cus_ada',
    });
    type Overview = {
      data: Array<{ system: string; changesLastHour: number; status: { budget: unknown } | null }>;
    };
    const stripeOverview = async () =>
      (await api<Overview>('GET', '/v1/overview/integrations', tenantKey)).data.find(
        (item) => item.system === 'stripe',
      );
    // The applier subscribes to new topics within SYNC_TOPIC_REFRESH_MS: the status (latest wins,
    // so repeating it is harmless) is sent until it is applied, then the outcome once.
    await eventually(
      async () => {
        await publishMessages(testKafkaBrokers(), statusTopic, [
          {
            key: connectorStatusKey(tenantId, connectionId),
            value: status,
            headers: envelopeHeaders(status),
          },
        ]);
        expect((await stripeOverview())?.status?.budget).toEqual({
          used: 9,
          limit: 25,
          windowMs: 1000,
        });
      },
      { timeoutMs: 30_000, intervalMs: 1500 },
    );
    await publishMessages(testKafkaBrokers(), outcomeTopic, [
      {
        key: syncOutcomeKey(tenantId, customerId),
        value: outcome,
        headers: envelopeHeaders(outcome),
      },
    ]);
    await eventually(async () => expect((await stripeOverview())?.changesLastHour).toBe(1), {
      timeoutMs: 20_000,
    });
  }

  /** What the Stripe connector dead-letters when Stripe refuses a customer for good. */
  async function deadLetterFromStripe(customerId: string): Promise<void> {
    const prefix = catalogEnv.KAFKA_TOPIC_PREFIX;
    const topic = withTopicPrefix(prefix, deadLetterTopic('connector-stripe'));
    const admin = new TopicAdmin(
      createKafkaClient({ brokers: testKafkaBrokers(), clientId: 'console-e2e' }),
    );
    await admin.ensureTopics([{ name: topic, partitions: 1 }]);
    await admin.disconnect();
    const event = aCatalogEvent('customer', { entity: { tenantId, id: customerId } });
    await publishMessages(testKafkaBrokers(), topic, [
      {
        key: `${tenantId}:${customerId}`,
        value: event,
        headers: {
          ...envelopeHeaders(event),
          'x-dlq-original-topic': withTopicPrefix(prefix, CatalogTopics.customer),
          'x-dlq-original-partition': '0',
          'x-dlq-original-offset': '7',
          'x-dlq-consumer-group': `${prefix}connector-stripe`,
          'x-dlq-error-code': 'REJECTED_BY_UPSTREAM',
          'x-dlq-error-category': 'validation',
          'x-dlq-error-message': "Invalid email address: 'ada@example'",
          'x-dlq-attempts': '1',
          'x-dlq-failed-at': new Date().toISOString(),
        },
      },
    ]);
    await eventually(
      async () => {
        const page = await api<{ data: unknown[] }>('GET', '/v1/dead-letters', tenantKey);
        expect(page.data).toHaveLength(1);
      },
      { timeoutMs: 30_000 },
    );
  }

  afterAll(async () => {
    await stripeConnector?.disconnect();
    await browser?.close();
    await consoleServer?.stop();
    await catalog?.stop();
    await dropDatabase(catalogEnv.DATABASE_URL, catalogEnv.CATALOG_DATABASE);
  });

  async function signIn(page: Page, key: string): Promise<void> {
    await page.goto(consoleServer.url);
    await page.getByLabel('API key').fill(key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Integrations', level: 1 }).waitFor();
  }

  it('signs in with an API key and shows the integrations, at laptop and tablet widths', async () => {
    // bypassCSP: the accessibility check injects axe-core, which the console's CSP would refuse.
    const context = await browser.newContext({
      viewport: { width: 1366, height: 900 },
      bypassCSP: true,
    });
    const page = await context.newPage();
    await signIn(page, tenantKey);

    // Stripe's connector group has a member: connected and switched off.
    const stripe = page.getByRole('article', { name: 'Stripe' });
    await stripe.getByText('Disabled').waitFor();
    expect(await stripe.getByText('Two-way: Catalog ⇄ Stripe').isVisible()).toBe(true);
    expect(await page.getByText('Northwind Traders').isVisible()).toBe(true);
    // Salesforce and Xero have no connector running here: listed, but not connectable.
    const xero = page.getByRole('article', { name: 'Xero' });
    expect(await xero.getByText('Unavailable').isVisible()).toBe(true);
    expect(page.url()).not.toContain(tenantKey);
    // The key lives in this tab's session storage only (the page runs in the browser).
    expect(await page.evaluate('JSON.stringify(localStorage)')).not.toContain(tenantKey);
    expect(await page.evaluate('JSON.stringify(sessionStorage)')).toContain(tenantKey);
    await page.screenshot({ path: join(SCREENSHOTS, 'integrations.png'), fullPage: true });
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Failures' })
      .click();
    await page.getByText("Stripe refused the data: Invalid email address: 'ada@example'").waitFor();
    await page.getByRole('button', { name: 'Details' }).click();
    await page.getByLabel('Payload').waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'failures.png'), fullPage: true });
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Records' })
      .click();
    await page.getByRole('link', { name: 'Ada Lovelace' }).waitFor();
    // Part of a name, any case, as catalog-service's q matches it.
    await page.getByLabel('Name or email').fill('LOVELACE');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: 'Ada Lovelace' }).waitFor();
    await page.getByLabel('Name or email').fill('hopper');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText('No customers found').waitFor();
    await page.getByLabel('Name or email').fill('ada');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: 'Ada Lovelace' }).waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'records.png'), fullPage: true });
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Integrations' })
      .click();
    await page.getByRole('link', { name: 'Configure' }).click();
    await page.getByRole('form', { name: 'How it syncs' }).waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'configure-stripe.png'), fullPage: true });
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Activity' })
      .click();
    await page
      .getByRole('img', { name: /Changes per minute\. Totals in this window: Stripe: 1\./ })
      .waitFor();
    // The connector reported 9 of 25 calls used: the minute's peak, charted as a share.
    await page
      .getByRole('img', { name: /API limit used .* Stripe rate budget: highest 36%\./ })
      .waitFor();
    await page.getByText('Synced to Stripe').waitFor();
    // A change made after the page loaded appears without a reload: the live stream brings it.
    await page.getByText('Live: new events appear as they happen.').waitFor();
    // (Strings run in the page: this test's TypeScript has no DOM types.)
    await page.evaluate("document.body.dataset.loadedBefore = 'the change'");
    await api('POST', '/v1/integrations/stripe/held-deletes/reject', tenantKey, {});
    await page
      .getByRole('table', { name: 'Sync events' })
      .getByText('Held deletes from Stripe rejected')
      .waitFor({ timeout: 10_000 });
    expect(await page.evaluate('document.body.dataset.loadedBefore')).toBe('the change');
    await page.screenshot({ path: join(SCREENSHOTS, 'activity.png'), fullPage: true });
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Settings' })
      .click();
    await page.getByRole('table', { name: 'API keys' }).getByText('Auditor').first().waitFor();
    await page
      .getByRole('table', { name: 'Configuration changes, newest first' })
      .getByRole('row')
      .nth(1)
      .waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'settings.png'), fullPage: true });
    expect(await seriousA11yViolations(page)).toEqual([]);

    // A tablet in portrait (768 px): the sidebar becomes a top bar and nothing scrolls sideways.
    await page.setViewportSize({ width: 768, height: 1024 });
    for (const name of ['Failures', 'Records', 'Integrations']) {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();
      await page.getByRole('heading', { name, level: 1 }).waitFor();
      const file = `${name.toLowerCase()}-tablet.png`;
      await page.screenshot({ path: join(SCREENSHOTS, file), fullPage: true });
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(768);
    }
    await page.getByRole('article', { name: 'Stripe' }).waitFor();
    expect(await page.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(true);
    await page.screenshot({ path: join(SCREENSHOTS, 'integrations-tablet.png'), fullPage: true });
    expect(await seriousA11yViolations(page)).toEqual([]);
    await context.close();
  });

  /** Presses Tab until the focused element's text (or label) is `name`; fails after 60 presses. */
  async function tabTo(page: Page, name: string): Promise<void> {
    for (let i = 0; i < 60; i += 1) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(
        `(() => { const e = document.activeElement; return e ? (e.getAttribute('aria-label') || (e.labels && e.labels[0] ? e.labels[0].textContent : '') || e.textContent || '').trim() : ''; })()`,
      );
      if (focused === name) return;
    }
    throw new Error(`Tab never reached "${name}"`);
  }

  it('can be used with the keyboard alone: sign in, skip to content, navigate, open a failure', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    await page.goto(consoleServer.url);
    await tabTo(page, 'API key');
    await page.keyboard.type(tenantKey);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Integrations', level: 1 }).waitFor();

    // The first Tab reaches the skip link, which is shown when focused and moves focus to the page.
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent.trim()')).toBe(
      'Skip to content',
    );
    expect(await page.getByRole('link', { name: 'Skip to content' }).isVisible()).toBe(true);
    await page.keyboard.press('Enter');
    expect(await page.evaluate('document.activeElement.id')).toBe('main');

    await page.keyboard.press('Shift+Tab');
    await tabTo(page, 'Failures');
    // Focus is visible: the focused link draws an outline.
    expect(await page.evaluate('getComputedStyle(document.activeElement).outlineStyle')).not.toBe(
      'none',
    );
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Failures', level: 1 }).waitFor();
    await tabTo(page, 'Details');
    await page.keyboard.press('Enter');
    await page.getByLabel('Payload').waitFor();
    await context.close();
  });

  it('signs a read-scope key in read-only', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    await signIn(page, readKey);
    await page.getByText(/Read-only access/).waitFor();
    const stripe = page.getByRole('article', { name: 'Stripe' });
    await stripe.getByText('Two-way: Catalog ⇄ Stripe').waitFor();
    expect(await stripe.getByRole('link', { name: 'Configure' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Settings' }).count()).toBe(0);
    await context.close();
  });
});
