import { type Kafka, KafkaJSProtocolError } from 'kafkajs';

import { CompactedTopicReader } from './compacted-topic-reader';

/** A protocol error as kafkajs builds it from a broker's error code. */
const protocolError = (message: string, type: string, code: number, retriable: boolean) =>
  new KafkaJSProtocolError(Object.assign(new Error(message), { type, code, retriable }));

const notLeader = () =>
  protocolError(
    'This server is not the leader for that topic-partition',
    'NOT_LEADER_FOR_PARTITION',
    6,
    true,
  );

/** A Kafka whose admin answers `fetchTopicOffsets` from the given script (an empty topic). */
function kafkaAnswering(answers: Array<() => unknown>): { kafka: Kafka; calls: () => number } {
  let calls = 0;
  const admin = {
    connect: async () => undefined,
    fetchTopicOffsets: async () => {
      const answer = answers[Math.min(calls, answers.length - 1)];
      calls += 1;
      return answer();
    },
  };
  const consumer = {
    connect: async () => undefined,
    subscribe: async () => undefined,
    run: async () => undefined,
  };
  const kafka = { admin: () => admin, consumer: () => consumer } as unknown as Kafka;
  return { kafka, calls: () => calls };
}

const emptyTopic = () => [{ partition: 0, offset: '0', high: '0', low: '0' }];

describe('CompactedTopicReader start', () => {
  it('asks again while a partition of a just-created topic has no leader, then starts', async () => {
    const script = [
      () => {
        throw notLeader();
      },
      () => {
        throw notLeader();
      },
      emptyTopic,
    ];
    const { kafka, calls } = kafkaAnswering(script);
    await expect(new CompactedTopicReader(kafka, 'state', () => undefined).start()).resolves.toBe(
      undefined,
    );
    expect(calls()).toBe(3);
  });

  it('fails at once on an error that asking again cannot fix', async () => {
    const denied = protocolError(
      'Not authorized to access topics',
      'TOPIC_AUTHORIZATION_FAILED',
      29,
      false,
    );
    const { kafka, calls } = kafkaAnswering([
      () => {
        throw denied;
      },
    ]);
    await expect(new CompactedTopicReader(kafka, 'state', () => undefined).start()).rejects.toBe(
      denied,
    );
    expect(calls()).toBe(1);
  });
});
