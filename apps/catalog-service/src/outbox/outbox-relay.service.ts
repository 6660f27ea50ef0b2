import { createOutboxRelay, type OutboxRelay } from '@concord/catalog-outbox';
import { HealthRegistry, MetricsService } from '@concord/observability';
import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';

import { CATALOG_CONFIG, CATALOG_DATABASE_URL } from '../config/catalog-config.module';
import type { CatalogConfig } from '../config/catalog-env';

/**
 * Embeds the outbox relay (libs/catalog-outbox) in catalog-service when OUTBOX_RELAY=embedded (the
 * default: one process on a laptop). With OUTBOX_RELAY=external, apps/outbox-relay (or Debezium)
 * publishes instead. Start-up does not wait for Kafka: writes keep landing in the outbox, and
 * readiness says Kafka is not there.
 */
@Injectable()
export class OutboxRelayService implements OnApplicationBootstrap, OnApplicationShutdown {
  private relay?: OutboxRelay;

  constructor(
    @Inject(CATALOG_CONFIG) private readonly config: CatalogConfig,
    @Inject(CATALOG_DATABASE_URL) private readonly databaseUrl: string,
    @InjectPinoLogger('OutboxRelay') private readonly logger: PinoLogger,
    private readonly health: HealthRegistry,
    private readonly metrics: MetricsService,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.OUTBOX_RELAY === 'external') {
      this.logger.info('outbox relay not embedded (OUTBOX_RELAY=external)');
      return;
    }
    const published = this.metrics.counter({
      name: 'catalog_outbox_published_total',
      help: 'Outbox events published to Kafka by this process',
    });
    const relay = createOutboxRelay(this.config, this.databaseUrl, this.logger, (count) =>
      published.inc(count),
    );
    this.metrics.gauge({
      name: 'catalog_outbox_relay_shards_held',
      help: 'Outbox shards whose advisory lock this process holds',
      collect() {
        this.set(relay.heldShards.length);
      },
    });
    this.health.register('kafka', () =>
      relay.isPublisherConnected
        ? true
        : { ok: false, detail: 'the outbox relay has no Kafka producer connection yet' },
    );
    this.relay = relay;
    relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay?.stop();
  }
}
