import { Kafka, logLevel } from 'kafkajs';

import {
  brokers,
  eventuallyAsync,
  KafkaTestKit,
  kafkaTestKit,
  readAll,
  uniqueName,
} from '../../test/kafka-test-kit';
import { MessageDisposition } from './batch-handler';
import { ConsumedMessage } from './consumed-message';
import { ConsumerRunner } from './consumer-runner';
import { ConsumerRunnerOptions } from './consumer-runner-options';
import { KafkaPublisher } from './kafka-publisher';

const valueOf = (m: { value: Buffer | string | null }): string => String(m.value);

describe('ConsumerRunner in batch mode: a message answered `redeliver` (real broker)', () => {
  let kit: KafkaTestKit;
  let runner: ConsumerRunner | undefined;
  let publisher: KafkaPublisher | undefined;

  beforeAll(async () => {
    kit = await kafkaTestKit();
  });

  afterAll(async () => {
    await runner?.stop().catch(() => undefined);
    await publisher?.disconnect().catch(() => undefined);
    await kit?.close();
  });

  /** A batch-mode runner of `input` for a test, its group fresh. */
  function batchRunner(options: {
    client: Kafka;
    publisher: KafkaPublisher;
    input: string;
    retry: string;
    handler: NonNullable<ConsumerRunnerOptions['batchHandler']>;
    redeliverAgain?: ConsumerRunnerOptions['redeliverAgain'];
  }): ConsumerRunner {
    const { client, publisher: sender, input, retry, handler, redeliverAgain } = options;
    return new ConsumerRunner({
      client,
      publisher: sender,
      topicAdmin: kit.admin,
      groupId: uniqueName('group'),
      topics: [input],
      retryTopic: retry,
      fromBeginning: true,
      sessionTimeoutMs: 6000,
      heartbeatIntervalMs: 500,
      batchHandler: handler,
      ...(redeliverAgain ? { redeliverAgain } : {}),
    });
  }

  it('is read again with the records written behind it, once, in order, the rest committed', async () => {
    const input = uniqueName('in');
    const output = uniqueName('out');
    const retry = uniqueName('retry');
    await kit.admin.ensureTopics([
      { name: input, partitions: 1 },
      { name: output, partitions: 1 },
      { name: retry, partitions: 1 },
    ]);
    await kit.publisher.send(
      input,
      ['0', '1', '2', '3', '4'].map((value) => ({ key: 'k', value })),
    );
    const kafka = new Kafka({
      brokers,
      clientId: uniqueName('redeliver'),
      logLevel: logLevel.NOTHING,
    });
    publisher = new KafkaPublisher(kafka);
    const calls: Array<Array<{ value: string; asks: boolean }>> = [];
    const behindAnswers: boolean[] = [];
    const handler = async (messages: ConsumedMessage[]) => {
      calls.push(messages.map((m) => ({ value: valueOf(m), asks: m.backlogBehind !== undefined })));
      let behind = false;
      const ask = messages[messages.length - 1]?.backlogBehind;
      if (calls.length === 1) {
        // Records written behind the batch after it was fetched: the question sees them.
        await kit.publisher.send(
          input,
          ['5', '6', '7'].map((value) => ({ key: 'k', value })),
        );
      }
      if (ask) behindAnswers.push((behind = await ask()));
      // Like a call left short: the last two wait for what is behind them, when there is any.
      const dispositions = messages.map((m, i): MessageDisposition =>
        behind && m.backlogBehind && i >= messages.length - 2
          ? { kind: 'redeliver' }
          : { kind: 'done' },
      );
      const done = messages.filter((_, i) => dispositions[i]?.kind === 'done');
      return {
        dispositions,
        outputs: [
          { topic: output, messages: done.map((m) => ({ key: m.key, value: valueOf(m) })) },
        ],
      };
    };
    runner = batchRunner({ client: kafka, publisher, input, retry, handler });
    await publisher.connect();

    await runner.start();
    const group = runner.groupId;
    await eventuallyAsync(
      async () => (await kit.admin.groupLag(group, [input]))[0]?.committed === 8,
      20000,
      'every offset committed',
    );

    const values = (call: Array<{ value: string }>): string[] => call.map((m) => m.value);
    expect(values(calls[0] ?? [])).toEqual(['0', '1', '2', '3', '4']);
    // 3 and 4 came again with 5 to 7, and no longer may be handed back; 5 to 7 may.
    expect(calls.slice(1).flatMap(values)).toEqual(['3', '4', '5', '6', '7']);
    expect(
      calls
        .slice(1)
        .flat()
        .filter((m) => m.asks)
        .map((m) => m.value),
    ).toEqual(['5', '6', '7']);
    expect(behindAnswers).toEqual([true, false]);
    const written = await readAll(output, 8);
    expect(written.map(valueOf)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7']);
  });
  it('may be handed back again while its headers say so (`redeliverAgain`), not otherwise', async () => {
    const input = uniqueName('in');
    const retry = uniqueName('retry');
    await kit.admin.ensureTopics([
      { name: input, partitions: 1 },
      { name: retry, partitions: 1 },
    ]);
    const more = { 'x-more': 'true' };
    await kit.publisher.send(input, [
      { key: 'k', value: '0', headers: more },
      { key: 'k', value: '1', headers: more },
      { key: 'k', value: '2' },
    ]);
    const kafka = new Kafka({ brokers, clientId: uniqueName('again'), logLevel: logLevel.NOTHING });
    const secondPublisher = new KafkaPublisher(kafka);
    const calls: Array<Array<{ value: string; asks: boolean }>> = [];
    const handler = async (messages: ConsumedMessage[]) => {
      calls.push(messages.map((m) => ({ value: valueOf(m), asks: m.backlogBehind !== undefined })));
      if (calls.length === 1) {
        await kit.publisher.send(input, [{ key: 'k', value: '3', headers: more }]);
        const behind = await messages[messages.length - 1]?.backlogBehind?.();
        // Everything but the first waits for what is behind.
        return {
          dispositions: messages.map((_, i): MessageDisposition =>
            behind && i >= 1 ? { kind: 'redeliver' } : { kind: 'done' },
          ),
          outputs: [],
        };
      }
      return {
        dispositions: messages.map((): MessageDisposition => ({ kind: 'done' })),
        outputs: [],
      };
    };
    const again = batchRunner({
      client: kafka,
      publisher: secondPublisher,
      input,
      retry,
      handler,
      redeliverAgain: (headers) => headers['x-more'] === 'true',
    });
    await secondPublisher.connect();
    try {
      await again.start();
      await eventuallyAsync(
        async () => (await kit.admin.groupLag(again.groupId, [input]))[0]?.committed === 4,
        20000,
        'every offset committed',
      );
    } finally {
      await again.stop().catch(() => undefined);
      await secondPublisher.disconnect().catch(() => undefined);
    }

    expect(calls[0]?.map((m) => m.value)).toEqual(['0', '1', '2']);
    // Read again: 1 says more follows, so it may ask again; 2 says nothing, so it may not.
    expect(calls.slice(1).flat()).toEqual([
      { value: '1', asks: true },
      { value: '2', asks: false },
      { value: '3', asks: true },
    ]);
  });
});
