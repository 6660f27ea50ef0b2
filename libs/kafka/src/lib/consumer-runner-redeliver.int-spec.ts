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
    runner = new ConsumerRunner({
      client: kafka,
      publisher,
      topicAdmin: kit.admin,
      groupId: uniqueName('group'),
      topics: [input],
      retryTopic: retry,
      fromBeginning: true,
      sessionTimeoutMs: 6000,
      heartbeatIntervalMs: 500,
      batchHandler: handler,
    });
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
});
