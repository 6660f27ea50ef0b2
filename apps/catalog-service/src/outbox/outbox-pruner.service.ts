import { OutboxPruner, pruneSettingsOf } from '@concord/catalog-outbox';
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

/** Prunes old outbox, inbox and idempotency rows every OUTBOX_PRUNE_INTERVAL_MS. */
@Injectable()
export class OutboxPrunerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  readonly pruner: OutboxPruner;

  constructor(
    @Inject(CATALOG_CONFIG) private readonly config: CatalogConfig,
    @InjectDataSource() dataSource: DataSource,
    @InjectPinoLogger('OutboxPruner') private readonly logger: PinoLogger,
  ) {
    this.pruner = new OutboxPruner(
      (sql, params) => dataSource.query(sql, params),
      pruneSettingsOf(config),
    );
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running ??= this.prune().finally(() => (this.running = undefined));
    }, this.config.OUTBOX_PRUNE_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private async prune(): Promise<void> {
    try {
      const result = await this.pruner.pruneOnce();
      if (result.outbox + result.inbox + result.idempotencyKeys > 0) {
        this.logger.info(result, 'pruned old outbox, inbox and idempotency rows');
      }
    } catch (error) {
      this.logger.warn({ err: String(error) }, 'pruning failed; retrying next interval');
    }
  }
}
