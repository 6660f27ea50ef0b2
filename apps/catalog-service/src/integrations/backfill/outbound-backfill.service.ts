import { connectorConsumerGroup, connectorRetryTopic } from '@concord/model';
import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import type { DataSource } from 'typeorm';

import { CATALOG_CONFIG } from '../../config/catalog-config.module';
import type { CatalogConfig } from '../../config/catalog-env';
import { SyncKafka } from '../../kafka/sync-kafka.service';
import { IntegrationConnectionRepository } from '../integration-connection.repository';
import { BackfillJobsRepository } from './backfill-jobs.repository';
import { readRecordPage, snapshotMessage } from './backfill-records';

/**
 * Streams the snapshot of every live record of a newly enabled connection to that connector's
 * retry topic only (never the shared catalog topics), one page per transaction: the job row keeps
 * the position, so a restart resumes where the last committed page ended. Paced by flow control:
 * a page goes out only while the connector's consumer group has fewer than
 * BACKFILL_MAX_RETRY_LAG messages left to read on that topic (its committed offsets against the
 * topic's end), so a snapshot never floods the topic that also carries the connector's retries;
 * the system's jobs wait for the next tick meanwhile, other systems' go on.
 */
@Injectable()
export class OutboundBackfillService implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    @Inject(CATALOG_CONFIG) private readonly config: CatalogConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectPinoLogger('OutboundBackfill') private readonly logger: PinoLogger,
    private readonly jobs: BackfillJobsRepository,
    private readonly connections: IntegrationConnectionRepository,
    private readonly kafka: SyncKafka,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running ??= this.drain().finally(() => (this.running = undefined));
    }, this.config.BACKFILL_POLL_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Works until no job has anything left (or a page fails; the next tick retries it). */
  async drain(): Promise<void> {
    const held = new Set<string>();
    try {
      while (await this.publishNextPage(held)) {
        // one page per transaction
      }
    } catch (error) {
      this.logger.warn({ err: String(error) }, 'backfill page failed; retrying');
    }
  }

  /**
   * Publishes one page of the oldest pending job whose system is not held; false when there was
   * nothing to do. A system whose connector has enough left to read is added to `held`.
   */
  async publishNextPage(held: Set<string> = new Set()): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const job = await this.jobs.claimNext(manager, [...held]);
      if (!job) return false;
      const connection = await this.connections.find(manager, job.tenantId, job.system);
      if (!connection?.enabled) {
        await this.jobs.cancel(manager, job.tenantId, job.system);
        return true;
      }
      if (await this.connectorBehind(job.system)) {
        held.add(job.system);
        return true;
      }
      const entityType = job.entityTypes[job.entityIndex];
      if (entityType !== undefined) {
        // One record more than a page: whether the snapshot continues after it.
        const read = await readRecordPage(
          manager,
          entityType,
          job.tenantId,
          job.lastEntityId,
          this.config.BACKFILL_PAGE_SIZE + 1,
        );
        const records = read.slice(0, this.config.BACKFILL_PAGE_SIZE);
        const continues = read.length > records.length;
        if (records.length > 0) {
          await this.kafka.send(
            connectorRetryTopic(job.system),
            records.map((record) => snapshotMessage(job.id, entityType, record, continues)),
          );
          job.lastEntityId = records[records.length - 1].id;
          job.published += records.length;
        } else {
          job.entityIndex += 1;
          job.lastEntityId = null;
        }
      }
      await this.jobs.advance(manager, job);
      if (job.entityIndex >= job.entityTypes.length) {
        this.logger.info(
          { tenant: job.tenantId, system: job.system, published: job.published },
          'outbound backfill finished',
        );
      }
      return true;
    });
  }

  /** Whether the system's connector has BACKFILL_MAX_RETRY_LAG or more unread retry messages. */
  private async connectorBehind(system: string): Promise<boolean> {
    const topic = connectorRetryTopic(system);
    await this.kafka.ensureCatalogTopics([topic]);
    const lags = await this.kafka.admin.groupLag(
      `${this.kafka.prefix}${connectorConsumerGroup(system)}`,
      [this.kafka.topic(topic)],
    );
    const unread = lags.reduce((sum, partition) => sum + partition.lag, 0);
    return unread >= this.config.BACKFILL_MAX_RETRY_LAG;
  }
}
