import { ValidationError, ValidationErrorCode } from '@concord/errors';
import { type ConsumedMessage, ConsumerRunner, RetryHeaders } from '@concord/kafka';
import {
  CatalogConsumerGroups,
  CONNECTIONS_REQUEST_TYPE,
  ConnectionsRequest,
  connectionsRequestKey,
  ConnectorStatus,
  deadLetterTopic,
  InboundChange,
  parseMessage,
  SyncOutcome,
  tenantOfKey,
} from '@concord/model';
import {
  correlationFromHeaders,
  HealthRegistry,
  newCorrelationId,
  runWithCorrelation,
} from '@concord/observability';
import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';

import { CATALOG_CONFIG } from '../config/catalog-config.module';
import type { CatalogConfig } from '../config/catalog-env';
import { ConnectorStatusService } from '../connector-status/connector-status.service';
import { ConnectionRepublisher } from '../integrations/connection-republisher.service';
import { withDatabaseUnavailability } from './database-unavailable';
import { InboundChangeService } from './inbound-change.service';
import { PatternConsumer } from './pattern-consumer';
import { SyncKafka } from './sync-kafka.service';
import { SyncOutcomeService } from './sync-outcome.service';
import { CATALOG_RETRY_TOPIC, catalogConsumerGroups, connectorTopicOf } from './sync-topics';

function invalid(message: string): ValidationError {
  return new ValidationError(ValidationErrorCode.INVALID_MESSAGE, message);
}

function parseJson(value: Buffer | null): unknown {
  if (value === null) throw invalid('Message has no value');
  try {
    return JSON.parse(value.toString('utf8')) as unknown;
  } catch {
    throw invalid('Message value is not JSON');
  }
}

/** A connector's request for its connections travels on its status topic beside the statuses. */
function isConnectionsRequest(payload: unknown): boolean {
  return (
    typeof payload === 'object' &&
    payload !== null &&
    (payload as { type?: unknown }).type === CONNECTIONS_REQUEST_TYPE
  );
}

/**
 * The applier's consumer group (`catalog-inbound`): every connector's inbound, outcome and status
 * topic (new connectors picked up as their topics appear) plus catalog.retry.v1. It validates each
 * message against its schema (invalid ones are dead-lettered) and delegates.
 */
@Injectable()
export class InboundConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private consumer?: PatternConsumer;

  constructor(
    @Inject(CATALOG_CONFIG) private readonly config: CatalogConfig,
    @InjectPinoLogger('InboundApplier') private readonly logger: PinoLogger,
    private readonly kafka: SyncKafka,
    private readonly changes: InboundChangeService,
    private readonly outcomes: SyncOutcomeService,
    private readonly statuses: ConnectorStatusService,
    private readonly republisher: ConnectionRepublisher,
    private readonly health: HealthRegistry,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.INBOUND_APPLIER_ENABLED) return;
    const { kafka } = this;
    const group = catalogConsumerGroups(kafka.prefix).inbound;
    const retryTopic = kafka.topic(CATALOG_RETRY_TOPIC);
    const deadLetters = kafka.topic(deadLetterTopic(CatalogConsumerGroups.inbound));
    this.consumer = new PatternConsumer({
      name: group,
      admin: kafka.admin,
      prepare: () =>
        kafka.ensureCatalogTopics([
          CATALOG_RETRY_TOPIC,
          deadLetterTopic(CatalogConsumerGroups.inbound),
        ]),
      // The retry topic counts as a match so the group runs even before any connector exists.
      matches: (topic) => topic === retryTopic || connectorTopicOf(kafka.prefix, topic) !== null,
      refreshMs: this.config.SYNC_TOPIC_REFRESH_MS,
      logger: this.logger,
      createRunner: (topics) =>
        new ConsumerRunner({
          client: kafka.client,
          groupId: group,
          topics: topics.filter((topic) => topic !== retryTopic),
          handler: (message) => this.handle(message),
          publisher: kafka.publisher,
          fromBeginning: true,
          sessionTimeoutMs: this.config.KAFKA_SESSION_TIMEOUT_MS,
          retry: { maxAttempts: this.config.INBOUND_MAX_ATTEMPTS },
          retryTopic,
          deadLetterTopic: deadLetters,
          partitionsConsumedConcurrently: 3,
          logger: this.logger,
        }),
    });
    const consumer = this.consumer;
    this.health.register('inbound-applier', () =>
      consumer.isReady ? true : { ok: false, detail: 'the inbound applier has not joined yet' },
    );
    consumer.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
  }

  /** Joined its group over the topics that existed at the last refresh. */
  get isReady(): boolean {
    return this.consumer?.isReady ?? false;
  }

  /** Starts consuming topics created since the last refresh without waiting for the next one. */
  refreshTopics(): Promise<void> {
    return this.consumer?.refreshNow() ?? Promise.resolve();
  }

  private async handle(message: ConsumedMessage): Promise<void> {
    const topic = message.headers[RetryHeaders.originalTopic] ?? message.topic;
    const source = connectorTopicOf(this.kafka.prefix, topic);
    if (!source) throw invalid(`Not a connector topic: ${topic}`);
    const payload = parseJson(message.value);
    if (source.kind === 'status' && isConnectionsRequest(payload)) {
      await this.answerConnectionsRequest(payload, source.system, message);
      return;
    }
    const correlationId = correlationFromHeaders(message.headers) ?? newCorrelationId();
    await runWithCorrelation(correlationId, async () => {
      const parsed =
        source.kind === 'inbound'
          ? parseMessage(InboundChange, payload)
          : source.kind === 'outcome'
            ? parseMessage(SyncOutcome, payload)
            : parseMessage(ConnectorStatus, payload);
      if (parsed.origin !== source.system) {
        throw invalid(`A ${source.system} topic carried a message from ${parsed.origin}`);
      }
      if (message.key !== null && tenantOfKey(message.key) !== parsed.tenant) {
        throw invalid('The message key belongs to another tenant than the message');
      }
      const result = await (
        source.kind === 'inbound'
          ? this.changes.apply(parsed as InboundChange)
          : source.kind === 'outcome'
            ? this.outcomes.apply(parsed as SyncOutcome)
            : this.statuses.apply(parsed as ConnectorStatus)
      ).catch((error: unknown) => {
        throw withDatabaseUnavailability(error);
      });
      // Statuses are heartbeats (every CONNECTOR_STATUS_INTERVAL_MS per connection): debug.
      const level = source.kind === 'status' ? 'debug' : 'info';
      this.logger[level](
        {
          tenant: parsed.tenant,
          topic: message.topic,
          partition: message.partition,
          offset: message.offset,
          eventId: parsed.id,
          correlationId,
          kind: source.kind,
          result,
        },
        'applied connector message',
      );
    });
  }

  /** A connector asked for every connection of its system (see ConnectionRepublisher). */
  private async answerConnectionsRequest(
    payload: unknown,
    system: string,
    message: ConsumedMessage,
  ): Promise<void> {
    const request = parseMessage(ConnectionsRequest, payload);
    if (request.system !== system || message.key !== connectionsRequestKey(system)) {
      throw invalid(`A ${system} status topic carried a connections request for another system`);
    }
    const answer = await this.republisher.answer(request).catch((error: unknown) => {
      throw withDatabaseUnavailability(error);
    });
    this.logger.info(
      {
        system,
        topic: message.topic,
        partition: message.partition,
        offset: message.offset,
        requestId: request.id,
        reason: request.reason,
        ...answer,
      },
      'answered a connections request',
    );
  }
}
