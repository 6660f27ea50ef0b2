import { type KafkaLogger } from '@concord/kafka';
import { Client } from 'pg';

import type { OutboxMessage, OutboxPublisher } from './outbox-publisher';
import type { OutboxRouting } from './outbox-routing';
import {
  allShards,
  fairShare,
  OUTBOX_LOCK_NAMESPACE,
  RELAY_APPLICATION_NAME,
  SHARD_OF_ROW_SQL,
} from './outbox-shards';
import { OUTBOX_CHANNEL } from './outbox-table';

export interface OutboxRelayOptions {
  databaseUrl: string;
  shards: number;
  batchSize: number;
  pollIntervalMs: number;
  routing: OutboxRouting;
  logger: KafkaLogger;
  /** Payload bytes per batch (one Kafka request); stays well under the broker's limits. */
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

/**
 * One batch to publish: the oldest unpublished rows of the held shards, in `sequence` order.
 * Parameters: the shard count, the held shards, the batch size.
 */
export const OUTBOX_CLAIM_SQL = `SELECT id, aggregatetype, aggregateid, payload::text AS payload, headers
  FROM outbox
  WHERE published_at IS NULL AND ${SHARD_OF_ROW_SQL} = ANY($2::int[])
  ORDER BY sequence LIMIT $3`;

/** A Kafka send that failed: the session (and its locks) stays, the same rows are retried. */
class PublishFailure extends Error {}

const DEFAULT_MAX_REQUEST_BYTES = 512 * 1024;

/**
 * The session's planner settings: the claim reads the unpublished index in `sequence` order and
 * stops at its LIMIT, whatever the table's statistics say. Statistics taken while the outbox was
 * nearly empty (the usual case) made the planner expect a few dozen unpublished rows when a
 * backlog held 100,000, and choose a bitmap scan of all of them plus a sort, per batch: a drain
 * quadratic in the backlog. No other statement of the session scans a table. Set after connecting
 * (not as startup options, which a connection pooler may refuse).
 */
export const CLAIM_PLAN_SETTINGS = 'SET enable_bitmapscan = off; SET enable_sort = off';
const MAX_BACKOFF_MS = 5000;

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Publishes the outbox to Kafka: unpublished rows in `sequence` order, keyed by aggregate id,
 * marked published only after Kafka acknowledged them (at least once). All its database work runs
 * on ONE session connection that also holds the shard advisory locks, so a relay that loses its
 * connection has lost its locks and cannot mark anything either; another relay may take the
 * shards over and republish what was not marked. Duplicates are possible (consumers dedupe by
 * event id), losses and reordering are not.
 *
 * Each pass claims one batch of the shards it holds (at most OUTBOX_BATCH_SIZE rows and
 * maxRequestBytes of payload), publishes it in ONE produce request and marks it with ONE UPDATE.
 * Several relays share the shards evenly: each holds at most its fair share of them, counted
 * from the relay sessions on the database, and gives back the rest between batches.
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
        const more = await this.publishBatch(session);
        failures = 0;
        if (!more) await this.pause(this.options.pollIntervalMs);
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
      application_name: RELAY_APPLICATION_NAME,
      keepAlive: true,
      connectionTimeoutMillis: 10_000,
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    client.on('notification', () => this.wake());
    try {
      await client.connect();
      await client.query(CLAIM_PLAN_SETTINGS);
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

  /**
   * Every OUTBOX_POLL_INTERVAL_MS: counts the relays on this database, gives back the shards
   * beyond its fair share (between batches, so nothing of theirs is half-published) and tries to
   * take free shards up to it. No lock but the per-shard ones is ever taken.
   */
  private async acquireShards(session: Client): Promise<void> {
    const now = Date.now();
    if (now - this.lastLockAttempt < this.options.pollIntervalMs) return;
    this.lastLockAttempt = now;
    const share = fairShare(this.options.shards, await this.relayCount(session));
    if (this.held.size > share) await this.releaseShards(session, this.held.size - share);
    const missing = allShards(this.options.shards).filter((shard) => !this.held.has(shard));
    const wanted = share - this.held.size;
    if (missing.length === 0 || wanted <= 0) return;
    // A random order spreads shards over relays that start together.
    missing.sort(() => Math.random() - 0.5);
    const { rows } = await session.query<{ shard: number }>(
      `SELECT shard FROM unnest($2::int[]) WITH ORDINALITY AS s(shard, n)
       WHERE pg_try_advisory_lock($1::int, shard) ORDER BY n`,
      [OUTBOX_LOCK_NAMESPACE, missing.slice(0, wanted)],
    );
    const gained = rows.map((row) => row.shard);
    if (gained.length === 0) return;
    for (const shard of gained) this.held.add(shard);
    this.options.logger.info(
      { gained: gained.sort((a, b) => a - b), holding: this.heldShards },
      'outbox relay acquired shards',
    );
  }

  /** Live relay sessions on this database, this one included. */
  private async relayCount(session: Client): Promise<number> {
    const { rows } = await session.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity
       WHERE datname = current_database() AND application_name = $1`,
      [RELAY_APPLICATION_NAME],
    );
    return Math.max(1, rows[0]?.n ?? 1);
  }

  private async releaseShards(session: Client, count: number): Promise<void> {
    const released = this.heldShards.slice(-count);
    await session.query(
      'SELECT pg_advisory_unlock($1::int, shard) FROM unnest($2::int[]) AS s(shard)',
      [OUTBOX_LOCK_NAMESPACE, released],
    );
    for (const shard of released) this.held.delete(shard);
    this.options.logger.info(
      { released, holding: this.heldShards },
      'outbox relay gave shards back to share them with another relay',
    );
  }

  /**
   * One batch of the held shards, strictly in sequence order: one produce request, then one
   * UPDATE. Returns whether a full batch was there (more may be waiting).
   */
  private async publishBatch(session: Client): Promise<boolean> {
    if (this.held.size === 0) return false;
    const { rows } = await session.query<OutboxRow>(OUTBOX_CLAIM_SQL, [
      this.options.shards,
      this.heldShards,
      this.options.batchSize,
    ]);
    if (rows.length === 0) return false;
    const batch = this.withinRequestBytes(rows);
    const messages = batch.map((row) => this.toMessage(row));
    try {
      await this.publisher.publish(messages);
    } catch (error) {
      throw new PublishFailure(errorMessage(error));
    }
    await session.query('UPDATE outbox SET published_at = now() WHERE id = ANY($1::uuid[])', [
      batch.map((row) => row.id),
    ]);
    this.options.onPublished?.(batch.length);
    return rows.length === this.options.batchSize || batch.length < rows.length;
  }

  private toMessage(row: OutboxRow): OutboxMessage {
    const route = this.options.routing.routeOf(row.aggregatetype);
    if (route === undefined) {
      // Never skipped: a row this relay cannot route blocks its shard until someone fixes it.
      throw new PublishFailure(
        `outbox row ${row.id} has aggregatetype "${row.aggregatetype}", which no topic of the catalog takes`,
      );
    }
    return {
      topic: route.topic,
      key: row.aggregateid,
      // On a compacted topic (connection settings) a JSON null payload is the tombstone.
      value: route.tombstones && row.payload === 'null' ? null : row.payload,
      headers: row.headers,
    };
  }

  /** The longest head of `rows` within maxRequestBytes of payload (at least one row). */
  private withinRequestBytes(rows: OutboxRow[]): OutboxRow[] {
    const limit = this.options.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES;
    let bytes = 0;
    for (let i = 0; i < rows.length; i += 1) {
      bytes += Buffer.byteLength(rows[i].payload);
      if (i > 0 && bytes > limit) return rows.slice(0, i);
    }
    return rows;
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
