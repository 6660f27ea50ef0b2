import { encryptSecret, InProcessLock, KeyRing } from '@concord/auth';
import type { ConsumedMessage } from '@concord/kafka';
import type { ConnectionSettings } from '@concord/model';
import { aConnectionSettings } from '@concord/testing';

import type { ConnectorDefinition } from '../src';
import { InProcessRateBudget } from '../src/lib/budget/in-process-rate-budget';
import { AttentionFlags } from '../src/lib/connections/attention-flags';
import { ConnectionRegistry } from '../src/lib/connections/connection-registry';
import { ConnectionResolver } from '../src/lib/connections/connection-resolver';
import { silentKitLogger } from '../src/lib/definition/kit-logger';
import { InboundPublisher } from '../src/lib/inbound/inbound-publisher';
import { noopKitMetrics } from '../src/lib/metrics/kit-metrics';
import { ExternalCaller } from '../src/lib/outbound/external-caller';
import { OutboundBatchHandler } from '../src/lib/outbound/outbound-batch-handler';
import { OutboundProcessor, type RecordOrdering } from '../src/lib/outbound/outbound-processor';
import { OutcomePublisher } from '../src/lib/outbound/outcome-publisher';
import { RetryParker } from '../src/lib/outbound/retry-parker';
import { ConnectorStateStore } from '../src/lib/state/connector-state-store';
import { InProcessWrittenVersions } from '../src/lib/state/written-versions';
import { BatchingSender } from '../src/lib/transport/batching-sender';
import { kitTopics } from '../src/lib/transport/kit-topics';
import type { MessageSender } from '../src/lib/transport/publisher-port';

/** A message the code under test sent, with its value parsed. */
export interface SentMessage {
  topic: string;
  key: string | null;
  value: unknown;
  headers: Record<string, string>;
}

/** A MessageSender that records everything, optionally failing on demand. */
export class CapturingSender implements MessageSender {
  readonly sent: SentMessage[] = [];
  failNext = false;

  async send(
    topic: string,
    messages: Array<{
      key: string | null;
      value: object | string | null;
      headers?: Record<string, string>;
    }>,
  ): Promise<unknown> {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('broker unavailable');
    }
    for (const message of messages) {
      const value = Buffer.isBuffer(message.value)
        ? (JSON.parse(message.value.toString('utf8')) as unknown)
        : message.value;
      this.sent.push({ topic, key: message.key, value, headers: message.headers ?? {} });
    }
    return [];
  }

  on(topic: string): SentMessage[] {
    return this.sent.filter((message) => message.topic === topic);
  }
}

/** DNS for tests: every host resolves to a public documentation address. */
export const publicLookup = async (): Promise<Array<{ address: string }>> => [
  { address: '93.184.216.34' },
];

export const testKeyRing = new KeyRing({ k1: Buffer.alloc(32, 7).toString('base64') }, 'k1');

/** Connection settings of `system` with encrypted credentials, ready for the registry. */
export function connectionSettings(
  system: string,
  overrides: Partial<ConnectionSettings> = {},
): ConnectionSettings {
  const base = aConnectionSettings({ system, ...overrides });
  return {
    ...base,
    credentials:
      overrides.credentials === undefined
        ? encryptSecret(
            testKeyRing,
            JSON.stringify({ apiKey: 'secret-key' }),
            `${base.tenant}:${system}`,
          )
        : overrides.credentials,
  };
}

/** The kit's outbound pieces wired together around a definition, with captured output. */
export function outboundHarness<TClient, TEvent>(
  definition: ConnectorDefinition<TClient, TEvent>,
  options: {
    maxAttempts?: number;
    ordering?: RecordOrdering;
    awaitingConnections?: () => boolean;
  } = {},
) {
  const sender = new CapturingSender();
  // Outside a batch it sends at once, as the per-message tests expect.
  const batching = new BatchingSender(sender);
  const topics = kitTopics(definition.system, 'test.');
  const state = new ConnectorStateStore(topics.state, sender, silentKitLogger);
  const resolver = new ConnectionResolver(
    testKeyRing,
    definition.allowedHosts,
    [],
    definition.defaultBaseUrl,
    publicLookup,
  );
  const registry = new ConnectionRegistry(
    definition.system,
    resolver,
    (c) => definition.createClient(c),
    silentKitLogger,
  );
  const attention = new AttentionFlags(state);
  attention.connect(registry);
  const budget = new InProcessRateBudget();
  const caller = new ExternalCaller(definition, budget, state, noopKitMetrics);
  const processor = new OutboundProcessor(
    definition,
    registry,
    attention,
    state,
    caller,
    new OutcomePublisher(definition.system, topics.outcome, batching),
    new RetryParker(topics.retry, batching),
    noopKitMetrics,
    silentKitLogger,
    options.ordering ?? {
      lock: new InProcessLock(),
      writtenVersions: new InProcessWrittenVersions(),
    },
    {
      retryTopic: topics.retry,
      maxAttempts: options.maxAttempts ?? 5,
      pausedRetryDelayMs: 1000,
      awaitingConnections: options.awaitingConnections,
    },
  );
  const inbound = new InboundPublisher(definition.system, topics.inbound, sender, noopKitMetrics);
  return {
    sender,
    topics,
    state,
    registry,
    attention,
    budget,
    caller,
    processor,
    batchHandler: new OutboundBatchHandler(definition, processor, batching),
    inbound,
    /** Loads connection settings the way the connections topic delivers them. */
    async connect(settings: ConnectionSettings): Promise<void> {
      await registry.apply({
        key: `${settings.tenant}:${settings.system}`,
        value: Buffer.from(JSON.stringify(settings)),
        partition: 0,
        offset: '0',
      });
    },
  };
}

/** A consumed message carrying `event` as the runner hands it to a handler. */
export function consumed(
  topic: string,
  event: { tenant: string; subject: string },
  attempt = 1,
  headers: Record<string, string> = {},
) {
  return {
    topic,
    key: `${event.tenant}:${event.subject}`,
    value: Buffer.from(JSON.stringify(event)),
    headers,
    attempt,
  };
}

/** A batch of consumed messages as the batch runner hands it over (offsets in order). */
export function consumedBatch(messages: Array<ReturnType<typeof consumed>>): ConsumedMessage[] {
  return messages.map((message, index) => ({
    ...message,
    partition: 0,
    offset: String(index),
    timestamp: String(Date.now()),
    heartbeat: async () => undefined,
  }));
}
