import { type ConsumerRunner, silentKafkaLogger, type TopicAdmin } from '@concord/kafka';
import { eventually } from '@concord/testing';

import { PatternConsumer } from './pattern-consumer';

/** A runner that joins at once, or fails its first `failures` starts. */
function fakeRunners(failures = 0) {
  const started: string[][] = [];
  let left = failures;
  const create = (topics: string[]): ConsumerRunner => {
    let ready = false;
    const runner = {
      get isReady() {
        return ready;
      },
      start: async () => {
        started.push(topics);
        if (left > 0) {
          left -= 1;
          throw new Error('There is no leader for this topic-partition');
        }
        ready = true;
      },
      stop: async () => {
        ready = false;
      },
    };
    return runner as unknown as ConsumerRunner;
  };
  return { create, started };
}

const adminListing = (topics: () => string[]): TopicAdmin =>
  ({ listTopics: async () => topics() }) as unknown as TopicAdmin;

describe('PatternConsumer', () => {
  const consumers: PatternConsumer[] = [];
  afterEach(async () => {
    await Promise.all(consumers.splice(0).map((c) => c.stop()));
  });

  function start(options: Partial<ConstructorParameters<typeof PatternConsumer>[0]>) {
    const consumer = new PatternConsumer({
      name: 'test-group',
      admin: adminListing(() => ['a.inbound', 'other']),
      matches: (topic) => topic.endsWith('.inbound'),
      refreshMs: 60_000,
      firstRetryMs: 20,
      logger: silentKafkaLogger,
      createRunner: fakeRunners().create,
      ...options,
    });
    consumers.push(consumer);
    consumer.start();
    return consumer;
  }

  it('subscribes to the matching topics and reports ready once joined', async () => {
    const runners = fakeRunners();
    const consumer = start({ createRunner: runners.create });
    await eventually(() => expect(consumer.isReady).toBe(true));
    expect(runners.started).toEqual([['a.inbound']]);
  });

  it('is ready without a runner when no topic matches yet', async () => {
    const runners = fakeRunners();
    const consumer = start({ admin: adminListing(() => ['other']), createRunner: runners.create });
    await eventually(() => expect(consumer.isReady).toBe(true));
    expect(runners.started).toEqual([]);
  });

  it('retries a failed start long before the next refresh', async () => {
    const runners = fakeRunners(2);
    const consumer = start({ createRunner: runners.create });
    await eventually(() => expect(consumer.isReady).toBe(true), { timeoutMs: 2_000 });
    expect(runners.started).toHaveLength(3);
  });

  it('retries a failed preparation before subscribing', async () => {
    let preparations = 0;
    const consumer = start({
      prepare: async () => {
        preparations += 1;
        if (preparations < 3) throw new Error('the broker is not reachable');
      },
    });
    await eventually(() => expect(consumer.isReady).toBe(true), { timeoutMs: 2_000 });
    expect(preparations).toBe(3);
  });

  it('restarts over the new topic set when refreshed after a topic appears', async () => {
    const topics = ['a.inbound'];
    const runners = fakeRunners();
    const consumer = start({ admin: adminListing(() => topics), createRunner: runners.create });
    await eventually(() => expect(consumer.isReady).toBe(true));
    topics.push('b.inbound');
    await consumer.refreshNow();
    expect(consumer.subscribedTopics).toEqual(['a.inbound', 'b.inbound']);
    expect(runners.started).toEqual([['a.inbound'], ['a.inbound', 'b.inbound']]);
  });

  it('stops retrying once stopped', async () => {
    const runners = fakeRunners(Number.MAX_SAFE_INTEGER);
    const consumer = start({ createRunner: runners.create });
    await eventually(() => expect(runners.started.length).toBeGreaterThan(0));
    await consumer.stop();
    const attempts = runners.started.length;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(runners.started.length).toBe(attempts);
    expect(consumer.isReady).toBe(false);
  });
});
