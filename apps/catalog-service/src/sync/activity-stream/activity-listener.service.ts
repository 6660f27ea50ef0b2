import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  type OnModuleDestroy,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';

import { CATALOG_CONFIG, CATALOG_DATABASE_URL } from '../../config/catalog-config.module';
import type { CatalogConfig } from '../../config/catalog-env';
import { ACTIVITY_CHANNEL } from '../activity.repository';
import { activityById } from './activity-rows';
import type { ActivityStreamClient } from './activity-stream-client';

const RECONNECT_MS = 1_000;

/**
 * This replica's one LISTEN connection on ACTIVITY_CHANNEL, opened with the first stream. Every
 * replica NOTIFYs `<tenantId> <activityId>` with each activity insert, so a row written by any
 * replica reaches the streams here: the row is read by id for that tenant only and handed to that
 * tenant's streams, which apply their filters. After a lost connection, streams catch up from their
 * last event.
 */
@Injectable()
export class ActivityListenerService implements BeforeApplicationShutdown, OnModuleDestroy {
  private readonly streams = new Map<string, Set<ActivityStreamClient>>();
  private session?: Promise<Client>;
  private reconnect?: NodeJS.Timeout;
  private heartbeat?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    @Inject(CATALOG_CONFIG) private readonly config: CatalogConfig,
    @Inject(CATALOG_DATABASE_URL) private readonly databaseUrl: string,
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectPinoLogger('ActivityStream') private readonly logger: PinoLogger,
  ) {}

  /** Adds a stream once this replica is listening, so nothing committed after this is missed. */
  async add(stream: ActivityStreamClient): Promise<void> {
    await this.listening();
    const set = this.streams.get(stream.tenantId) ?? new Set();
    set.add(stream);
    this.streams.set(stream.tenantId, set);
    this.heartbeat ??= setInterval(
      () => this.beat(),
      this.config.ACTIVITY_STREAM_HEARTBEAT_MS,
    ).unref();
  }

  remove(stream: ActivityStreamClient): void {
    stream.close();
    const set = this.streams.get(stream.tenantId);
    set?.delete(stream);
    if (set?.size === 0) this.streams.delete(stream.tenantId);
  }

  get streamCount(): number {
    let count = 0;
    for (const set of this.streams.values()) count += set.size;
    return count;
  }

  /** Open streams end before the HTTP server closes (it waits for open responses). */
  beforeApplicationShutdown(): void {
    this.stopped = true;
    for (const set of this.streams.values()) for (const stream of set) stream.close();
    this.streams.clear();
    clearInterval(this.heartbeat);
    clearTimeout(this.reconnect);
  }

  async onModuleDestroy(): Promise<void> {
    this.beforeApplicationShutdown();
    const session = this.session;
    this.session = undefined;
    const client = await session?.catch(() => undefined);
    await client?.end().catch(() => undefined);
  }

  private listening(): Promise<Client> {
    this.session ??= this.open().catch((error: unknown) => {
      this.session = undefined;
      throw error;
    });
    return this.session;
  }

  private async open(): Promise<Client> {
    const client = new Client({
      connectionString: this.databaseUrl,
      application_name: 'concord-activity-stream',
      keepAlive: true,
      connectionTimeoutMillis: 10_000,
    });
    client.on('error', (error) => this.lost(client, error.message));
    client.on('end', () => this.lost(client, 'connection ended'));
    client.on('notification', (message) => {
      if (message.channel === ACTIVITY_CHANNEL) void this.notified(message.payload ?? '');
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${ACTIVITY_CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    return client;
  }

  private async notified(payload: string): Promise<void> {
    const [tenantId, id] = payload.split(' ');
    const streams = tenantId === undefined ? undefined : this.streams.get(tenantId);
    if (!streams || streams.size === 0 || id === undefined || tenantId === undefined) return;
    try {
      const row = await activityById(this.dataSource, tenantId, id);
      if (row) for (const stream of this.streams.get(tenantId) ?? []) stream.deliver(row);
    } catch (error) {
      this.logger.warn({ err: error }, 'could not read a new activity row for the live streams');
    }
  }

  /** Listens again after a second and lets every stream catch up on what it missed meanwhile. */
  private lost(client: Client, reason: string): void {
    const current = this.session;
    void current?.then((open) => {
      if (open !== client || this.session !== current) return;
      this.session = undefined;
      void client.end().catch(() => undefined);
      if (this.stopped) return;
      this.logger.warn({ reason }, 'activity stream listener lost its connection; listening again');
      this.scheduleReconnect();
    });
  }

  private scheduleReconnect(): void {
    clearTimeout(this.reconnect);
    this.reconnect = setTimeout(() => {
      if (this.stopped || this.streamCount === 0) return;
      this.listening().then(
        () => {
          for (const set of this.streams.values()) for (const stream of set) stream.catchUp();
        },
        () => this.scheduleReconnect(),
      );
    }, RECONNECT_MS).unref();
  }

  private beat(): void {
    for (const set of this.streams.values()) for (const stream of set) stream.heartbeat();
  }
}
