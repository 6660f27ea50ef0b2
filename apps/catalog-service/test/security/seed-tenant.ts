import { DeadLetterHeaders, MessageHeaders } from '@concord/model';
import { eventually, testKafkaBrokers } from '@concord/testing';
import { Kafka, logLevel } from 'kafkajs';

import type { ActivityInput } from '../../src/sync/activity.repository';
import { writeActivity } from './activity-writer';
import { reportConnectorStatus } from './connector-status-report';
import type { SecurityCatalog, SecurityTenant } from './security-catalog';

/** What a seeded tenant owns: one of everything a route can name. */
export interface SeededTenant extends SecurityTenant {
  customerId: string;
  productId: string;
  invoiceId: string;
  /** A second API key (read only). */
  secondKeyId: string;
  deadLetterId: string;
  /** A connection test the tenant asked for (no connector answers it here). */
  connectionTestId: string;
  notificationUrl: string;
  /** Has the tenant's Stripe connector report a status (waits until the tenant reads it). */
  reportConnectorStatus(): Promise<Record<string, unknown>>;
  /** Writes a sync event of the tenant's (as the applier would); returns its id. */
  recordActivity(input: Omit<ActivityInput, 'tenantId'>): Promise<string>;
}

function created<T>(what: string, response: { status: number; body: unknown }): T {
  if (response.status >= 300) {
    throw new Error(`${what} not created: ${response.status} ${JSON.stringify(response.body)}`);
  }
  return response.body as T;
}

/** Puts a message on the catalog's dead-letter topic of `catalog-inbound`, as the applier would. */
async function deadLetterFor(catalog: SecurityCatalog, tenantId: string): Promise<void> {
  const topic = `${catalog.env.KAFKA_TOPIC_PREFIX}dlq.catalog-inbound.v1`;
  const kafka = new Kafka({
    clientId: 'security-seed',
    brokers: testKafkaBrokers(),
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic }], waitForLeaders: true }).catch(() => undefined);
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({
    topic,
    messages: [
      {
        key: `${tenantId}:poison`,
        value: JSON.stringify({ poison: true }),
        headers: {
          [MessageHeaders.tenant]: tenantId,
          [DeadLetterHeaders.consumerGroup]: 'catalog-inbound',
          [DeadLetterHeaders.originalTopic]: `${catalog.env.KAFKA_TOPIC_PREFIX}catalog.retry.v1`,
          [DeadLetterHeaders.errorCode]: 'SCHEMA_VIOLATION',
          [DeadLetterHeaders.errorCategory]: 'validation',
        },
      },
    ],
  });
  await producer.disconnect();
}

/** A tenant with a customer, product, invoice, Stripe integration, second key, webhook and dead letter. */
export async function seedTenant(
  catalog: SecurityCatalog,
  notifyPort: number,
): Promise<SeededTenant> {
  const tenant = await catalog.newTenant();
  const { client } = tenant;
  const email = `${tenant.tenantId}@example.com`;
  const customer = created<{ id: string }>(
    'customer',
    await client.post('/v1/customers', { name: `Customer of ${tenant.tenantId}`, email }),
  );
  const product = created<{ id: string }>(
    'product',
    await client.post('/v1/products', {
      name: `Product of ${tenant.tenantId}`,
      sku: `SKU-${tenant.tenantId}`,
      unitPrice: { amount: 1000, currency: 'USD' },
    }),
  );
  const invoice = created<{ id: string }>(
    'invoice',
    await client.post('/v1/invoices', {
      customerId: customer.id,
      number: `INV-${tenant.tenantId}`,
      currency: 'USD',
      issueDate: '2026-01-01',
      dueDate: '2026-01-31',
      lines: [{ productId: product.id, description: 'One', quantity: 1, unitAmount: 1000 }],
    }),
  );
  created(
    'integration',
    await client.request('PUT', '/v1/integrations/stripe', {
      body: { enabled: false, settings: { baseUrl: 'https://api.stripe.com' } },
    }),
  );
  created(
    'credentials',
    await client.post('/v1/integrations/stripe/credentials', {
      apiKey: `sk_test_${tenant.tenantId}`,
    }),
  );
  const connectionTest = created<{ id: string }>(
    'connection test',
    await client.post('/v1/integrations/stripe/test', {}),
  );
  const secondKey = created<{ id: string }>(
    'api key',
    await client.post('/v1/api-keys', { name: 'reader', scopes: ['read'] }),
  );
  const notificationUrl = `http://127.0.0.1:${notifyPort}/hooks/${tenant.tenantId}`;
  created(
    'notification webhook',
    await client.request('PUT', '/v1/notifications/webhook', { body: { url: notificationUrl } }),
  );
  await deadLetterFor(catalog, tenant.tenantId);
  const deadLetterId = await eventually(
    async () => {
      const page = await client.get<{ data: Array<{ id: string }> }>('/v1/dead-letters');
      expect(page.body.data).toHaveLength(1);
      return page.body.data[0].id;
    },
    { timeoutMs: 30_000, intervalMs: 250 },
  );
  return {
    ...tenant,
    customerId: customer.id,
    productId: product.id,
    invoiceId: invoice.id,
    secondKeyId: secondKey.id,
    deadLetterId,
    connectionTestId: connectionTest.id,
    notificationUrl,
    reportConnectorStatus: () => reportConnectorStatus(catalog, tenant),
    recordActivity: (input) => writeActivity(catalog, { ...input, tenantId: tenant.tenantId }),
  };
}
