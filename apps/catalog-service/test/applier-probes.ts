import { createKafkaClient, encodeHeaders } from '@concord/kafka';
import { type Envelope, envelopeHeaders } from '@concord/model';
import { testKafkaBrokers } from '@concord/testing';
import type { INestApplication } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

import { SyncKafka } from '../src/kafka/sync-kafka.service';

/**
 * Probes for the applier's batches in integration tests: a publisher that puts many messages on
 * one partition in ONE produce request (so the applier fetches them as one batch), the SQL the
 * app sends at the pg driver grouped into transactions, and the offset commits of its consumers.
 */

/** Publishes every envelope to partition 0 of `topic` in one produce request. */
export async function publishOnePartition(
  topic: string,
  messages: ReadonlyArray<{ key: string; envelope: Envelope<unknown> }>,
): Promise<void> {
  const producer = createKafkaClient({
    brokers: testKafkaBrokers(),
    clientId: 'applier-probes',
  }).producer();
  await producer.connect();
  try {
    await producer.send({
      topic,
      acks: -1,
      messages: messages.map(({ key, envelope }) => ({
        key,
        value: JSON.stringify(envelope),
        partition: 0,
        headers: encodeHeaders(envelopeHeaders(envelope)),
      })),
    });
  } finally {
    await producer.disconnect();
  }
}

interface Queryable {
  query: (...args: unknown[]) => unknown;
}

const WATCHED = Symbol('applier-probes.watched');

/** The statements sent by the app's pg clients, each with the client that sent it. */
export class SqlWatch {
  private readonly statements: Array<{ client: number; sql: string }> = [];
  private clients = 0;
  private watching = false;

  /** Starts recording every query of the app's pool (clients are wrapped at their next checkout). */
  constructor(app: INestApplication) {
    const dataSource = app.get<DataSource>(getDataSourceToken());
    const pool = (
      dataSource.driver as unknown as {
        master: { on(event: 'acquire', listener: (client: Queryable) => void): void };
      }
    ).master;
    pool.on('acquire', (client) => this.wrap(client));
  }

  start(): void {
    this.statements.length = 0;
    this.watching = true;
  }

  /** The transactions recorded since `start` (their statements) that touched `table`. */
  transactionsTouching(table: string): string[][] {
    const open = new Map<number, string[]>();
    const done: string[][] = [];
    for (const { client, sql } of this.statements) {
      const text = sql.trim().toUpperCase();
      if (text === 'START TRANSACTION' || text === 'BEGIN') {
        open.set(client, []);
      } else if (text === 'COMMIT' || text === 'ROLLBACK') {
        const statements = open.get(client);
        if (statements) done.push(statements);
        open.delete(client);
      } else {
        open.get(client)?.push(sql);
      }
    }
    const pattern = new RegExp(`\\b${table}\\b`, 'i');
    return done.filter((statements) => statements.some((sql) => pattern.test(sql)));
  }

  /** Statements recorded since `start` that match `pattern`, in or out of a transaction. */
  statementsMatching(pattern: RegExp): string[] {
    return this.statements.map(({ sql }) => sql).filter((sql) => pattern.test(sql));
  }

  private wrap(client: Queryable): void {
    const marked = client as Queryable & { [WATCHED]?: number };
    if (marked[WATCHED] !== undefined) return;
    this.clients += 1;
    const id = this.clients;
    marked[WATCHED] = id;
    const query = client.query;
    client.query = (...args: unknown[]): unknown => {
      const first = args[0];
      const sql =
        typeof first === 'string' ? first : String((first as { text?: unknown })?.text ?? '');
      if (this.watching) this.statements.push({ client: id, sql });
      return query.apply(client, args);
    };
  }
}

/**
 * Counts the offset commits of every consumer the app's sync Kafka client creates from now on, per
 * topic (kafkajs' COMMIT_OFFSETS instrumentation event). Call it before the applier (re)starts.
 */
export function watchOffsetCommits(app: INestApplication): {
  commitsOf(topic: string): number;
  reset(): void;
} {
  const client = app.get(SyncKafka).client;
  const create = client.consumer.bind(client);
  let commits: string[][] = [];
  client.consumer = (config) => {
    const consumer = create(config);
    consumer.on(consumer.events.COMMIT_OFFSETS, (event) => {
      commits.push(event.payload.topics.map((entry: { topic: string }) => entry.topic));
    });
    return consumer;
  };
  return {
    commitsOf: (topic) => commits.filter((topics) => topics.includes(topic)).length,
    reset: () => {
      commits = [];
    },
  };
}
