import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import type { DataSource } from 'typeorm';

import { CATALOG_CONFIG } from '../config/catalog-config.module';
import type { CatalogConfig } from '../config/catalog-env';
import { ActivityRepository } from './activity.repository';

const HOUR_MS = 3_600_000;

/** Prunes sync activity with the inbox retention (INBOX_RETENTION_HOURS), on the outbox's interval. */
@Injectable()
export class ActivityPrunerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    @Inject(CATALOG_CONFIG) private readonly config: CatalogConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectPinoLogger('ActivityPruner') private readonly logger: PinoLogger,
    private readonly activity: ActivityRepository,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running ??= this.prune()
        .then(() => undefined)
        .finally(() => (this.running = undefined));
    }, this.config.OUTBOX_PRUNE_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  async prune(now = new Date()): Promise<number> {
    try {
      const cutoff = new Date(now.getTime() - this.config.INBOX_RETENTION_HOURS * HOUR_MS);
      const pruned = await this.activity.prune(this.dataSource.manager, cutoff);
      if (pruned > 0) this.logger.info({ pruned }, 'pruned old sync activity');
      return pruned;
    } catch (error) {
      this.logger.warn({ err: String(error) }, 'activity pruning failed; retrying next interval');
      return 0;
    }
  }
}
