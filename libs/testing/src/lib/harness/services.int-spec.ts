import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { Client } from 'pg';

import { CollectedMessage, collectMessages } from './collect-messages';
import { testDatabase } from './test-database';
import { testKafkaBrokers } from './test-environment';
import { testTopicPrefix } from './test-ids';

describe('testDatabase', () => {
  it('creates a fresh database to use, and drops it', async () => {
    const db = await testDatabase('Harness Check');
    expect(db.name).toMatch(/^harness_check_[0-9a-f]{8}$/);
    const client = new Client({ connectionString: db.url });
    // Dropping the database ends this session; pg reports that as an 'error' event.
    client.on('error', () => undefined);
    await client.connect();
    const { rows } = await client.query<{ db: string; tables: string }>(
      "SELECT current_database() AS db, (SELECT count(*) FROM pg_tables WHERE schemaname = 'public') AS tables",
    );
    expect(rows[0]).toEqual({ db: db.name, tables: '0' });

    await db.drop();
    await expect(client.query('SELECT 1')).rejects.toThrow();
    await client.end().catch(() => undefined);
    const again = new Client({ connectionString: db.url });
    await expect(again.connect()).rejects.toThrow(/does not exist/);
  });
});

describe('collectMessages (real Kafka)', () => {
  const kafka = new Kafka({
    clientId: 'harness-test',
    brokers: testKafkaBrokers(),
    logLevel: logLevel.NOTHING,
  });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });

  beforeAll(() => producer.connect());
  afterAll(() => producer.disconnect());

  it('collects parsed messages with keys and headers, waiting for the one asked for', async () => {
    const topic = `${testTopicPrefix()}harness.events.v1`;
    const collector = await collectMessages({ brokers: testKafkaBrokers(), topic });
    try {
      await producer.send({
        topic,
        messages: [
          {
            key: 'tenant-1:cus_1',
            value: JSON.stringify({ n: 1 }),
            headers: { 'x-correlation-id': 'c-1' },
          },
          { key: 'tenant-1:cus_2', value: 'not json' },
          { key: 'tenant-1:cus_3', value: null },
        ],
      });
      // Keys land on different partitions, so arrival order across them is not defined.
      const [json, text, tombstone] = await Promise.all(
        ['tenant-1:cus_1', 'tenant-1:cus_2', 'tenant-1:cus_3'].map((key) =>
          collector.waitFor((m) => m.key === key),
        ),
      );
      expect(json).toMatchObject({
        topic,
        value: { n: 1 },
        headers: { 'x-correlation-id': 'c-1' },
      });
      expect(text?.value).toBe('not json');
      expect(tombstone?.value).toBeNull();
      expect(collector.messages).toHaveLength(3);
      await expect(collector.waitFor((m) => m.key === 'never', 300)).rejects.toThrow(
        /no matching message/,
      );
    } finally {
      await collector.stop();
    }
  });

  it('sees only later messages unless asked to read from the beginning', async () => {
    const topic = `${testTopicPrefix()}harness.history.v1`;
    // One key, so one partition: had the "latest" collector seen the old message, it would have seen it first.
    const send = (n: string) =>
      producer.send({ topic, messages: [{ key: 'same', value: JSON.stringify({ n }) }] });
    const isNew = (m: CollectedMessage) => (m.value as { n: string }).n === 'new';
    const early = await collectMessages({ brokers: testKafkaBrokers(), topic });
    await send('old');
    await early.waitFor((m) => !isNew(m));
    await early.stop();

    const latest = await collectMessages({ brokers: testKafkaBrokers(), topic });
    const everything = await collectMessages({
      brokers: testKafkaBrokers(),
      topic,
      fromBeginning: true,
    });
    try {
      await send('new');
      await latest.waitFor(isNew);
      await everything.waitFor(isNew);
      expect(latest.messages.map((m) => m.value)).toEqual([{ n: 'new' }]);
      expect(everything.messages.map((m) => m.value)).toEqual([{ n: 'old' }, { n: 'new' }]);
    } finally {
      await Promise.all([latest.stop(), everything.stop()]);
    }
  });
});
