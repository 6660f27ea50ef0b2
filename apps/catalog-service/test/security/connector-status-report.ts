import {
  type ConnectorStatusData,
  connectorStatusKey,
  connectorStatusTopic,
  envelopeHeaders,
  withTopicPrefix,
} from '@concord/model';
import { aConnectorStatus, eventually, publishMessages, testKafkaBrokers } from '@concord/testing';
import { Kafka, logLevel } from 'kafkajs';

import type { SecurityCatalog, SecurityTenant } from './security-catalog';

async function ensureTopic(topic: string): Promise<void> {
  const kafka = new Kafka({
    clientId: 'security-status',
    brokers: testKafkaBrokers(),
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
}

/**
 * Reports a status for the tenant's Stripe connection on the connector's status topic, as
 * connector-stripe would, and waits until the tenant itself reads it back through the API (the
 * control: the status exists and its owner sees it). Resolves to what the owner read.
 */
export async function reportConnectorStatus(
  catalog: SecurityCatalog,
  tenant: SecurityTenant,
  data: Partial<ConnectorStatusData> = {},
): Promise<Record<string, unknown>> {
  const topic = withTopicPrefix(catalog.env.KAFKA_TOPIC_PREFIX, connectorStatusTopic('stripe'));
  await ensureTopic(topic);
  const integration = await tenant.client.get<{ connectionId: string }>('/v1/integrations/stripe');
  const { connectionId } = integration.body;
  const status = aConnectorStatus({
    tenant: tenant.tenantId,
    connectionId,
    health: 'degraded',
    reason: `reported for ${tenant.tenantId}`,
    ...data,
  });
  await publishMessages(testKafkaBrokers(), topic, [
    {
      key: connectorStatusKey(tenant.tenantId, connectionId),
      value: status,
      headers: envelopeHeaders(status),
    },
  ]);
  return eventually(
    async () => {
      const own = await tenant.client.get<Record<string, unknown>>(
        '/v1/integrations/stripe/status',
      );
      expect(own.status).toBe(200);
      expect(own.body).toMatchObject({
        tenant: tenant.tenantId,
        connectionId,
        state: status.data.state,
        observedAt: status.data.observedAt,
      });
      return own.body;
    },
    { timeoutMs: 60_000, intervalMs: 500 },
  );
}
