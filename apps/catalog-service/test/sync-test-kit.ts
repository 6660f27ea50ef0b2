import { createKafkaClient, KafkaPublisher, TopicAdmin } from '@concord/kafka';
import {
  connectorInboundTopic,
  connectorOutcomeTopic,
  connectorStatusTopic,
  type Envelope,
  envelopeHeaders,
  withTopicPrefix,
} from '@concord/model';
import {
  collectMessages,
  eventually,
  type MessageCollector,
  testKafkaBrokers,
} from '@concord/testing';

import { DeadLetterCollector } from '../src/dead-letters/dead-letter.collector';
import { InboundConsumer } from '../src/inbound/inbound.consumer';
import type { IntegrationView } from '../src/integrations/connection-settings.mapper';
import type { ApiResponse } from './catalog-client';
import { startTestCatalog, type TestCatalog, type TestTenant } from './test-catalog';

/**
 * catalog-service part B in tests: the app in this process with its relay, applier and collector
 * on, the test's own connector topics, and a producer that plays the connectors.
 */
export interface SyncTestCatalog extends TestCatalog {
  readonly prefix: string;
  /** The deployment's (prefixed) name of a topic. */
  topic(name: string): string;
  /** Publishes a connector message (inbound change, outcome or status) to its topic. */
  publish(topic: string, key: string, envelope: Envelope<unknown>): Promise<void>;
  /** Publishes any value (a message without an envelope, such as a connections request). */
  send(topic: string, key: string, value: object): Promise<void>;
  /** A collector on a (prefixed) topic, stopped with the catalog. */
  collect(topic: string, fromBeginning?: boolean): Promise<MessageCollector>;
  /** Creates the topics of a connector system and makes the applier consume them now. */
  addConnector(system: string): Promise<void>;
  /** Creates (PUT) the tenant's connection; returns the view. */
  connect(
    tenant: TestTenant,
    system: string,
    body: Record<string, unknown>,
  ): Promise<IntegrationView>;
  /** The result the applier recorded for a source event id (waits for it). */
  applied(tenantId: string, system: string, sourceEventId: string): Promise<string>;
}

export async function startSyncCatalog(
  overrides: Record<string, string> = {},
): Promise<SyncTestCatalog> {
  const catalog = await startTestCatalog({
    OUTBOX_RELAY: 'embedded',
    SYNC_TOPIC_REFRESH_MS: '60000',
    KAFKA_SESSION_TIMEOUT_MS: '6000',
    BACKFILL_POLL_INTERVAL_MS: '100',
    NOTIFICATION_POLL_INTERVAL_MS: '100',
    ...overrides,
  });
  const prefix = catalog.config.KAFKA_TOPIC_PREFIX;
  const kafka = createKafkaClient({ brokers: testKafkaBrokers(), clientId: 'sync-test-kit' });
  const admin = new TopicAdmin(kafka);
  const producer = new KafkaPublisher(kafka);
  await producer.connect();
  const collectors: MessageCollector[] = [];
  const topic = (name: string): string => withTopicPrefix(prefix, name);
  const closeCatalog = catalog.close.bind(catalog);

  return Object.assign(catalog, {
    prefix,
    topic,
    async publish(name: string, key: string, envelope: Envelope<unknown>) {
      await producer.send(name, [{ key, value: envelope, headers: envelopeHeaders(envelope) }]);
    },
    async send(name: string, key: string, value: object) {
      await producer.send(name, [{ key, value }]);
    },
    async collect(name: string, fromBeginning = false) {
      const collector = await collectMessages({
        brokers: testKafkaBrokers(),
        topic: name,
        fromBeginning,
      });
      collectors.push(collector);
      return collector;
    },
    async addConnector(system: string) {
      await admin.ensureTopics(
        [
          connectorInboundTopic(system),
          connectorOutcomeTopic(system),
          connectorStatusTopic(system),
        ].map((name) => ({ name: topic(name), partitions: 3 })),
      );
      const consumer = catalog.app.get(InboundConsumer);
      await consumer.refreshTopics();
      await eventually(() => expect(consumer.isReady).toBe(true), { timeoutMs: 30_000 });
    },
    async connect(tenant: TestTenant, system: string, body: Record<string, unknown>) {
      const response: ApiResponse<IntegrationView> = await tenant.client.request(
        'PUT',
        `/v1/integrations/${system}`,
        { body },
      );
      if (response.status !== 201 && response.status !== 200) {
        throw new Error(
          `PUT /v1/integrations/${system}: ${response.status} ${JSON.stringify(response.body)}`,
        );
      }
      return response.body;
    },
    async applied(tenantId: string, system: string, sourceEventId: string) {
      return eventually(
        async () => {
          const { rows } = await catalog.db.query<{ result: { result: string } | null }>(
            'SELECT result FROM inbox WHERE tenant_id = $1 AND system = $2 AND source_event_id = $3',
            [tenantId, system, sourceEventId],
          );
          const result = rows[0]?.result?.result;
          if (result === undefined) throw new Error(`${sourceEventId} not applied yet`);
          return result;
        },
        { timeoutMs: 20_000 },
      );
    },
    async close() {
      await Promise.all(collectors.map((collector) => collector.stop()));
      await producer.disconnect();
      await admin.disconnect();
      await closeCatalog();
    },
  });
}

/** Waits until the dead-letter collector consumes the topics that exist now. */
export async function refreshDeadLetterCollector(catalog: TestCatalog): Promise<void> {
  await catalog.app.get(DeadLetterCollector).refreshTopics();
}
