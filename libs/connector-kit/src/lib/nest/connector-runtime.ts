import { ConsumerRunner } from '@concord/kafka';
import { CompactedTopicReader } from '@concord/kafka';
import { MessageHeaders } from '@concord/model';

import { AttentionFlags } from '../connections/attention-flags';
import { ConnectionRegistry } from '../connections/connection-registry';
import { ConnectionResolver } from '../connections/connection-resolver';
import {
  CONNECTIONS_ANSWER_GRACE_MS,
  ConnectionsRequester,
} from '../connections/connections-requester';
import type { ConnectorDefinition } from '../definition/connector-definition';
import {
  type ConnectorKitOptions,
  type ResolvedKitOptions,
  resolveKitOptions,
} from '../definition/connector-kit-options';
import { ConnectionScheduler } from '../inbound/connection-scheduler';
import { InboundPublisher } from '../inbound/inbound-publisher';
import { InboundSync } from '../inbound/inbound-sync';
import { OverwrittenEdits } from '../inbound/overwritten-edits';
import { SubscriptionSupervisor } from '../inbound/subscription-supervisor';
import { type WebhookReceiver as Receiver, WebhookReceiver } from '../inbound/webhook-receiver';
import { WebhookRegistrar } from '../inbound/webhook-registrar';
import type { KitMetrics } from '../metrics/kit-metrics';
import { ExternalCaller } from '../outbound/external-caller';
import { OutboundBatchHandler } from '../outbound/outbound-batch-handler';
import { OutboundProcessor } from '../outbound/outbound-processor';
import { OutcomePublisher } from '../outbound/outcome-publisher';
import { RetryParker } from '../outbound/retry-parker';
import { ConnectorStateStore } from '../state/connector-state-store';
import { StatusReporter } from '../status/status-reporter';
import { BatchingSender } from '../transport/batching-sender';
import { type KitTopics, kitTopics } from '../transport/kit-topics';
import { connectInfrastructure, type KitInfrastructure } from './kit-infrastructure';

/**
 * Everything the kit runs for one connector, wired together: the state and connections readers,
 * the outbound consumer, webhook handling, the scheduler. Framework-free; ConnectorKitService
 * drives it from Nest's lifecycle.
 */
export class ConnectorRuntime<TClient, TEvent> {
  readonly topics: KitTopics;
  readonly options: ResolvedKitOptions;
  private infrastructure: KitInfrastructure | null = null;
  private runner: ConsumerRunner | null = null;
  private scheduler: ConnectionScheduler<TClient> | null = null;
  private supervisor: SubscriptionSupervisor<TClient> | null = null;
  private readers: CompactedTopicReader[] = [];
  private receiver: Receiver<TClient, TEvent> | null = null;
  private registryInstance: ConnectionRegistry<TClient> | null = null;
  private loaded = false;

  constructor(
    readonly definition: ConnectorDefinition<TClient, TEvent>,
    options: ConnectorKitOptions,
    private readonly metrics: KitMetrics,
  ) {
    this.options = resolveKitOptions(options);
    this.topics = kitTopics(definition.system, this.options.topicPrefix);
  }

  /** True once the state and connections are loaded and the consumer has joined its group. */
  get isReady(): boolean {
    return this.loaded && (this.runner?.isReady ?? false);
  }

  get connectionsLoaded(): boolean {
    return this.loaded;
  }

  get registry(): ConnectionRegistry<TClient> {
    if (!this.registryInstance) throw new Error('the connector runtime has not started');
    return this.registryInstance;
  }

  get webhooks(): Receiver<TClient, TEvent> {
    if (!this.receiver) throw new Error('the connector runtime has not started');
    return this.receiver;
  }

  get reconcile(): ConnectionScheduler<TClient>['reconcileNow'] {
    if (!this.scheduler) throw new Error('the connector runtime has not started');
    const scheduler = this.scheduler;
    return (entry) => scheduler.reconcileNow(entry);
  }

  async start(): Promise<void> {
    const { definition, options, topics, metrics } = this;
    const logger = options.logger;
    const infra = await connectInfrastructure({ ...options, system: definition.system });
    this.infrastructure = infra;
    const state = new ConnectorStateStore(topics.state, infra.publisher, logger);
    const resolver = new ConnectionResolver(
      options.keyRing,
      definition.allowedHosts,
      options.allowedLoopback,
      definition.defaultBaseUrl,
      undefined,
      definition.fieldMappingProblem?.bind(definition),
      { values: infra.sharedValues, lock: infra.lock },
    );
    const registry = new ConnectionRegistry(
      definition.system,
      resolver,
      (c) => definition.createClient(c),
      logger,
    );
    this.registryInstance = registry;
    const attention = new AttentionFlags(state);
    attention.connect(registry);
    const stateReader = new CompactedTopicReader(
      infra.kafka,
      topics.state,
      (r) => state.apply(r),
      logger,
    );
    const connectionsReader = new CompactedTopicReader(
      infra.kafka,
      topics.connections,
      (r) => registry.apply(r),
      logger,
    );
    this.readers = [stateReader, connectionsReader];
    // Links before connections: a connection is only acted on once its links are known.
    await stateReader.start();
    await connectionsReader.start();
    this.loaded = true;
    // What the topic held is loaded as it is (maybe nothing, after a broker lost its data); the
    // owner of the connections is asked for all of them again, and the reader applies the answer.
    const connectionsRequestedAt = Date.now();
    await new ConnectionsRequester(definition.system, topics.status, infra.publisher, logger)
      .request(registry.all().length)
      .catch((error: unknown) =>
        logger.warn({ err: String(error) }, 'connections request not published'),
      );

    const caller = new ExternalCaller(definition, infra.budget, state, metrics, {
      slots: infra.callSlots,
    });
    const inbound = new InboundPublisher(
      definition.system,
      topics.inbound,
      infra.publisher,
      metrics,
    );
    const registrar = new WebhookRegistrar(
      definition,
      state,
      caller,
      options.keyRing,
      infra.leases,
      () => stateReader.catchUp(),
      options.publicUrl,
      logger,
    );
    const overwritten = new OverwrittenEdits(state, infra.lock, () => stateReader.catchUp());
    this.receiver = new WebhookReceiver(
      definition,
      registry,
      attention,
      registrar,
      caller,
      inbound,
      metrics,
      logger,
      overwritten,
    );
    // Outcomes and parked messages of a consumed batch go out with its retries in one request.
    const batching = new BatchingSender(infra.publisher);
    const processor = new OutboundProcessor(
      definition,
      registry,
      attention,
      state,
      caller,
      new OutcomePublisher(definition.system, topics.outcome, batching),
      new RetryParker(topics.retry, batching),
      metrics,
      logger,
      { lock: infra.lock, writtenVersions: infra.writtenVersions },
      {
        retryTopic: topics.retry,
        maxAttempts: options.maxAttempts,
        pausedRetryDelayMs: options.pausedRetryDelayMs,
        awaitingConnections: () =>
          Date.now() - connectionsRequestedAt < CONNECTIONS_ANSWER_GRACE_MS,
      },
      infra.matchingIndexes,
    );
    const outbound = new OutboundBatchHandler(definition, processor, batching);
    this.runner = new ConsumerRunner({
      client: infra.kafka,
      groupId: topics.consumerGroup,
      topics: Object.values(topics.catalog),
      batchHandler: (messages) => outbound.handle(messages),
      maxBatchMessages: options.maxBatchMessages,
      // A snapshot record handed back to be read with the next page may be again while the
      // snapshot goes on (each time needs a page written behind it): what is left of a call after
      // the full ones waits for the next page rather than going out short.
      redeliverAgain: (headers) => headers[MessageHeaders.snapshotContinues] === 'true',
      publisher: infra.publisher,
      fromBeginning: true,
      sessionTimeoutMs: options.sessionTimeoutMs,
      retry: {
        maxAttempts: options.maxAttempts,
        initialDelayMs: 250,
        maxDelayMs: 5000,
        inPlaceAttempts: 3,
      },
      deadLetterTopic: topics.deadLetter,
      retryTopic: topics.retry,
      partitionsConsumedConcurrently: options.partitionsConsumedConcurrently,
      logger,
    });
    await this.runner.start();
    const status = new StatusReporter(
      definition,
      registry,
      attention,
      caller,
      infra.budget,
      registrar,
      topics.status,
      infra.publisher,
      logger,
    );
    const sync = new InboundSync(definition, state, caller, inbound, logger);
    this.scheduler = new ConnectionScheduler(
      definition,
      registry,
      state,
      sync,
      registrar,
      status,
      infra.leases,
      metrics,
      logger,
      {
        statusIntervalMs: options.statusIntervalMs,
        reconciliationIntervalMs: options.reconciliationIntervalMs,
      },
    );
    this.scheduler.start();
    const scheduler = this.scheduler;
    this.supervisor = new SubscriptionSupervisor(
      definition,
      registry,
      state,
      caller,
      inbound,
      overwritten,
      attention,
      infra.leases,
      (entry) => scheduler.reconcileNow(entry),
      logger,
      {
        leaseMs: options.subscriptionLeaseMs,
        tickMs: 1000,
        retryDelayMs: 2000,
        batchWindowMs: 250,
        maxBatch: 200,
      },
    );
    this.supervisor.start();
    logger.info({ system: definition.system, group: topics.consumerGroup }, 'connector started');
  }

  /** Finishes the message in flight, commits, and lets go of Kafka and Redis. */
  async stop(): Promise<void> {
    this.scheduler?.stop();
    await this.supervisor?.stop().catch(() => undefined);
    await this.runner?.stop().catch(() => undefined);
    for (const reader of this.readers) await reader.stop();
    await this.infrastructure?.close();
    this.loaded = false;
  }
}
