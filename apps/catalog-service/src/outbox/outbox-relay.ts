import { type KafkaLogger } from '@concord/kafka';
import { CatalogTopics, ConnectionsTopic, type EntityType, withTopicPrefix } from '@concord/model';
import { Client } from 'pg';

import { CONNECTION_AGGREGATE } from '../integrations/connection-aggregate';
import type { OutboxMessage, OutboxPublisher } from './outbox-publisher';
import {
  allShards,
  OUTBOX_CHANNEL,
  OUTBOX_LOCK_NAMESPACE,
  SHARD_OF_ROW_SQL,
} from './outbox-shards';

export interface OutboxRelayOptions {
  databaseUrl: string;
  shards: number;
  batchSize: number;
  pollIntervalMs: number;
  topicPrefix: string;
  logger: KafkaLogger;
  /** Payload bytes per Kafka request; stays well under the broker's message.max.bytes. */
  maxRequestBytes?: number;
  onPublished?: (count: number) => void;
}

interface OutboxRow {
  id: string;
  aggregatetype: string;
  aggregateid: string;
  payload: string;
  headers: Record<string, string>;
}

/** A Kafka send that failed: the session (and its locks) stays, the same rows are retried. */
class PublishFailure extends Error {}

const DEFAULT_MAX_REQUEST_BYTES = 512 * 1024;
const MAX_BACKOFF_MS = 5000;

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Publishes the outbox to Kafka: unpublished rows in `sequence` order, keyed by aggregate id,
 * marked published only after Kafka acknowledged them (at least once). All its database work runs
 * on ONE session connection that also holds the shard advisory locks, so a relay that loses its
 * connection has lost its locks and cannot mark anything either; another relay may take the
 * shards over and republish what was not marked. Duplicates are possible, reordering is not.
 */
export class OutboxRelay {
  private session?: Client;
  private readonly held = new Set<number>();
  private running = false;
  private loop?: Promise<void>;
  private prepared = false;
  private wakeUp?: () => void;
  private pendingWake = false;
  private lastLockAttempt = 0;

  constructor(
    private readonly publisher: OutboxPublisher,
    private readonly options: OutboxRelayOptions,
  ) {}

  get heldShards(): number[] {
    return [...this.held].sort((a, b) => a - b);
  }

  get isPublisherConnected(): boolean {
    return this.publisher.isConnected;
  }

  /** Connected to Kafka and holding a database session: able to publish whatever shards it gets. */
  get isReady(): boolean {
    return this.publisher.isConnected && this.session !== undefined;
  }

  start(): void {
    if (this.loop) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
    this.loop = undefined;
    await this.endSession();
    await this.publisher.close().catch(() => undefined);
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        if (!this.prepared) {
          await this.publisher.prepare();
          this.prepared = true;
        }
        const session = await this.ensureSession();
        await this.acquireShards(session);
        const published = await this.publishBatch(session);
        failures = 0;
        if (published < this.options.batchSize) await this.pause(this.options.pollIntervalMs);
      } catch (error) {
        failures += 1;
        this.options.logger.warn(
          { err: errorMessage(error), failures },
          'outbox relay pass failed; retrying',
        );
        if (!(error instanceof PublishFailure)) await this.endSession(errorMessage(error));
        await this.pause(Math.min(100 * 2 ** failures, MAX_BACKOFF_MS));
      }
    }
  }

  private async ensureSession(): Promise<Client> {
    if (this.session) return this.session;
    const client = new Client({
      connectionString: this.options.databaseUrl,
      application_name: 'concord-outbox-relay',
      keepAlive: true,
      connectionTimeoutMillis: 10_000,
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    client.on('notification', () => this.wake());
    try {
      await client.connect();
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    this.session = client;
    this.lastLockAttempt = 0;
    return client;
  }

  /** The server ends a session's advisory locks with the session: forget them at once. */
  private lost(client: Client, error?: Error): void {
    if (this.session !== client) return;
    this.forgetSession(error?.message ?? 'connection ended');
    this.wake();
  }

  /** Ends the session (and so its locks); `reason` is logged when shards were held. */
  private async endSession(reason?: string): Promise<void> {
    const client = this.session;
    if (!client) return;
    this.forgetSession(reason);
    await client.end().catch(() => undefined);
  }

  private forgetSession(reason: string | undefined): void {
    if (reason !== undefined && this.held.size > 0) {
      this.options.logger.warn(
        { shards: this.heldShards, err: reason },
        'outbox relay lost its database session; its shards are released',
      );
    }
    this.session = undefined;
    this.held.clear();
  }

  private async acquireShards(session: Client): Promise<void> {
    const missing = allShards(this.options.shards).filter((shard) => !this.held.has(shard));
    const now = Date.now();
    if (missing.length === 0 || now - this.lastLockAttempt < this.options.pollIntervalMs) return;
    this.lastLockAttempt = now;
    // A random order spreads shards over relays that start together.
    missing.sort(() => Math.random() - 0.5);
    const { rows } = await session.query<{ shard: number; locked: boolean }>(
      `SELECT shard, pg_try_advisory_lock($1::int, shard) AS locked
       FROM unnest($2::int[]) WITH ORDINALITY AS s(shard, n) ORDER BY n`,
      [OUTBOX_LOCK_NAMESPACE, missing],
    );
    const gained = rows.filter((row) => row.locked).map((row) => row.shard);
    if (gained.length === 0) return;
    for (const shard of gained) this.held.add(shard);
    this.options.logger.info(
      { gained: gained.sort((a, b) => a - b), holding: this.heldShards },
      'outbox relay acquired shards',
    );
  }

  /** One batch of the held shards, strictly in sequence order. Returns the rows published. */
  private async publishBatch(session: Client): Promise<number> {
    if (this.held.size === 0) return 0;
    const { rows } = await session.query<OutboxRow>(
      `SELECT id, aggregatetype, aggregateid, payload::text AS payload, headers FROM outbox
       WHERE published_at IS NULL AND ${SHARD_OF_ROW_SQL} = ANY($2::int[])
       ORDER BY sequence LIMIT $3`,
      [this.options.shards, this.heldShards, this.options.batchSize],
    );
    for (const chunk of this.chunks(rows)) {
      try {
        await this.publisher.publish(chunk.map((row) => this.toMessage(row)));
      } catch (error) {
        throw new PublishFailure(errorMessage(error));
      }
      await session.query('UPDATE outbox SET published_at = now() WHERE id = ANY($1::uuid[])', [
        chunk.map((row) => row.id),
      ]);
      this.options.onPublished?.(chunk.length);
    }
    return rows.length;
  }

  private toMessage(row: OutboxRow): OutboxMessage {
    if (row.aggregatetype === CONNECTION_AGGREGATE) {
      // Connection settings (integrations API): the compacted connections topic, keyed
      // tenant:system; a JSON null payload is the tombstone of a deleted connection.
      return {
        topic: withTopicPrefix(this.options.topicPrefix, ConnectionsTopic),
        key: row.aggregateid,
        value: row.payload === 'null' ? null : row.payload,
        headers: row.headers,
      };
    }
    const topic = CatalogTopics[row.aggregatetype as EntityType];
    if (topic === undefined) {
      // Never skipped: a row this relay cannot route blocks its shard until someone fixes it.
      throw new PublishFailure(`outbox row ${row.id} has unknown aggregatetype`);
    }
    return {
      topic: withTopicPrefix(this.options.topicPrefix, topic),
      key: row.aggregateid,
      value: row.payload,
      headers: row.headers,
    };
  }

  private chunks(rows: OutboxRow[]): OutboxRow[][] {
    const limit = this.options.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES;
    const chunks: OutboxRow[][] = [];
    let current: OutboxRow[] = [];
    let bytes = 0;
    for (const row of rows) {
      const size = Buffer.byteLength(row.payload);
      if (current.length > 0 && bytes + size > limit) {
        chunks.push(current);
        current = [];
        bytes = 0;
      }
      current.push(row);
      bytes += size;
    }
    if (current.length > 0) chunks.push(current);
    return chunks;
  }

  private wake(): void {
    if (this.wakeUp) this.wakeUp();
    else this.pendingWake = true;
  }

  /** Waits `ms`, or less if a notification (or stop) arrives. */
  private pause(ms: number): Promise<void> {
    if (this.pendingWake || !this.running) {
      this.pendingWake = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeUp = done;
    });
  }
}
