import { eventually, uniqueName } from '../../test/kafka-test-kit';
import { ConsumedMessage } from './consumed-message';
import { ConsumerRunner } from './consumer-runner';
import { createKafkaClient } from './kafka-client';
import { KafkaPublisher } from './kafka-publisher';
import { kafkaSecurityOptions, KafkaSecuritySettings } from './kafka-security';
import { TopicAdmin } from './topic-admin';

// The test broker's SASL_PLAINTEXT listener (tools/kafka/kafka.mjs --sasl-port; `npm test` starts
// it on 19094) and the SCRAM user the script creates there (DEFAULT_SCRAM_USER).
const saslBrokers = (process.env.CONCORD_TEST_KAFKA_SASL_BROKERS ?? '127.0.0.1:19094').split(',');
const username = process.env.CONCORD_TEST_KAFKA_SASL_USERNAME ?? 'concord';
const password = process.env.CONCORD_TEST_KAFKA_SASL_PASSWORD ?? 'concord-test-secret';

// The settings an app would read from KAFKA_SASL_* (validated by @concord/config's kafkaEnv).
const scram = (mechanism: 'scram-sha-256' | 'scram-sha-512', secret = password) =>
  kafkaSecurityOptions({
    KAFKA_SASL_MECHANISM: mechanism,
    KAFKA_SASL_USERNAME: username,
    KAFKA_SASL_PASSWORD: secret,
  } satisfies KafkaSecuritySettings);

const client = (security: ReturnType<typeof scram>, retries = 8) =>
  createKafkaClient({ brokers: saslBrokers, clientId: uniqueName('sasl'), retries, ...security });

async function failureOf(attempt: () => Promise<unknown>): Promise<Error> {
  try {
    await attempt();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the broker to refuse the connection');
}

describe('the Kafka lib against a SASL/SCRAM listener', () => {
  const topic = uniqueName('sasl');
  const closers: Array<() => Promise<void>> = [];
  let admin: TopicAdmin;

  beforeAll(async () => {
    admin = new TopicAdmin(client(scram('scram-sha-256')));
    closers.push(() => admin.disconnect());
    try {
      await admin.ensureTopics([{ name: topic, partitions: 2 }]);
    } catch (error) {
      throw new Error(
        `no SASL/SCRAM listener answers on ${saslBrokers.join(',')} (${(error as Error).message}): ` +
          'start the test broker with `npm run kafka -- start --name test --port 19092 --sasl-port 19094`',
      );
    }
  });

  afterAll(async () => {
    await admin.deleteTopics([topic]).catch(() => undefined);
    for (const close of closers.reverse()) await close().catch(() => undefined);
  });

  it('produces with SCRAM-SHA-256 and consumes in a group with SCRAM-SHA-512', async () => {
    const publisher = new KafkaPublisher(client(scram('scram-sha-256')));
    closers.push(() => publisher.disconnect());
    await publisher.connect();
    const sent = await publisher.send(topic, [
      { key: 'acme:c1', value: { name: 'Alpha' } },
      { key: 'acme:c2', value: { name: 'Beta' } },
    ]);
    expect(sent.every((record) => record.errorCode === 0)).toBe(true);

    const consumerClient = client(scram('scram-sha-512'));
    const deadLetters = new KafkaPublisher(consumerClient);
    const runnerAdmin = new TopicAdmin(consumerClient);
    const received: string[] = [];
    const runner = new ConsumerRunner({
      client: consumerClient,
      publisher: deadLetters,
      topicAdmin: runnerAdmin,
      groupId: uniqueName('sasl-group'),
      topics: [topic],
      fromBeginning: true,
      sessionTimeoutMs: 6000,
      heartbeatIntervalMs: 500,
      handler: async (message: ConsumedMessage) => {
        received.push(`${message.key}=${message.value?.toString()}`);
      },
    });
    closers.push(async () => {
      await runner.stop();
      await deadLetters.disconnect();
      await runnerAdmin.deleteTopics([runner.deadLetterTopic]);
      await runnerAdmin.disconnect();
    });
    await runner.start();
    await eventually(() => received.length === 2, 20_000, 'both records consumed over SASL');
    expect(received.sort()).toEqual(['acme:c1={"name":"Alpha"}', 'acme:c2={"name":"Beta"}']);
    const lag = await admin.groupLag(runner.groupId, [topic]);
    expect(lag.reduce((sum, p) => sum + p.committed, 0)).toBe(2);
  });

  it('refuses a wrong password with an authentication error that does not quote it', async () => {
    const wrong = 'not-the-password-7f3a';
    // An idempotent producer needs at least one retry; an authentication failure is not retried.
    const publisher = new KafkaPublisher(client(scram('scram-sha-256', wrong), 1));
    closers.push(() => publisher.disconnect());
    const error = await failureOf(() => publisher.connect());
    expect(error.name).toBe('KafkaJSSASLAuthenticationError');
    expect(error.message).toMatch(
      /SASL SCRAM SHA256 authentication failed: .*invalid credentials with SASL mechanism SCRAM-SHA-256/,
    );
    expect(error.message).not.toContain(wrong);
  });

  it('refuses a client without SASL settings: the broker closes the connection', async () => {
    const noSasl = new TopicAdmin(client({}, 0));
    closers.push(() => noSasl.disconnect());
    const error = await failureOf(() => noSasl.listTopics());
    expect(error.name).toBe('KafkaJSConnectionClosedError');
    expect(error.message).toBe('Closed connection');
  });
});
