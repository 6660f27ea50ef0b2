import type { RecordMetadata, TopicMessages } from 'kafkajs';

import { SendCoalescer } from './send-coalescer';

const message = (value: string) => ({ key: value, value });
const one = (topic: string, ...values: string[]): TopicMessages[] => [
  { topic, messages: values.map(message) },
];

/** A producer whose requests complete only when the test says so. */
function heldProducer() {
  const requests: TopicMessages[][] = [];
  const releases: Array<(outcome?: Error) => void> = [];
  const produce = (topicMessages: TopicMessages[]) =>
    new Promise<RecordMetadata[]>((resolve, reject) => {
      requests.push(topicMessages);
      releases.push((outcome) => (outcome ? reject(outcome) : resolve([])));
    });
  const release = async (outcome?: Error) => {
    releases.shift()?.(outcome);
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { requests, produce, release };
}

const valuesOf = (request: TopicMessages[]) =>
  request.map(({ topic, messages }) => [topic, messages.map((m) => m.value)]);

describe('SendCoalescer', () => {
  it('sends a lone send at once, and the sends made meanwhile together in the next request, in order', async () => {
    const producer = heldProducer();
    const coalescer = new SendCoalescer(producer.produce);
    const first = coalescer.send(one('a', '1'));
    const later = [
      coalescer.send(one('a', '2')),
      coalescer.send(one('b', '3')),
      coalescer.send(one('a', '4')),
    ];
    expect(producer.requests).toHaveLength(1);

    await producer.release();
    await first;
    expect(producer.requests).toHaveLength(2);
    expect(valuesOf(producer.requests[1])).toEqual([
      ['a', ['2', '4']],
      ['b', ['3']],
    ]);
    await producer.release();
    await Promise.all(later);
  });

  it('keeps a request within its message and byte limits', async () => {
    const producer = heldProducer();
    const coalescer = new SendCoalescer(producer.produce, { maxMessages: 3, maxBytes: 1_000 });
    const sends = [
      coalescer.send(one('a', '0')),
      coalescer.send(one('a', '1', '2')),
      coalescer.send(one('a', '3')),
      coalescer.send(one('a', '4')),
    ];
    await producer.release();
    await producer.release();
    await producer.release();
    await Promise.all(sends);
    expect(producer.requests.map(valuesOf)).toEqual([
      [['a', ['0']]],
      [['a', ['1', '2', '3']]],
      [['a', ['4']]],
    ]);
  });

  it('fails every send of a request the broker could not take', async () => {
    const producer = heldProducer();
    const coalescer = new SendCoalescer(producer.produce);
    const first = coalescer.send(one('a', '1'));
    const others = [coalescer.send(one('a', '2')), coalescer.send(one('a', '3'))];
    await producer.release();
    await first;
    const failures = others.map((send) => expect(send).rejects.toThrow('broker gone'));
    await producer.release(new Error('broker gone'));
    await Promise.all(failures);
    expect(producer.requests).toHaveLength(2);
  });

  it('tries each send alone when a shared request is refused for its records, so one bad send fails alone', async () => {
    const tooLarge = Object.assign(new Error('too large'), { type: 'MESSAGE_TOO_LARGE' });
    const produced: string[][] = [];
    const coalescer = new SendCoalescer(async (topicMessages) => {
      const values = topicMessages.flatMap((t) => t.messages.map((m) => String(m.value)));
      if (values.includes('huge')) throw new Error('wrapped', { cause: tooLarge });
      produced.push(values);
      return [];
    });
    const first = coalescer.send(one('a', '1'));
    const good = coalescer.send(one('a', '2'));
    const bad = expect(coalescer.send(one('a', 'huge'))).rejects.toThrow('wrapped');
    const alsoGood = coalescer.send(one('a', '3'));
    await Promise.all([first, good, bad, alsoGood]);
    expect(produced).toEqual([['1'], ['2'], ['3']]);
  });
});
