import { createOutboxRelay, type OutboxRelay } from '@concord/catalog-outbox';
import { HealthRegistry, MetricsService } from '@concord/observability';
import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';

import { RELAY_CONFIG, RELAY_DATABASE_URL, type RelayConfig } from './config/relay-config';

/**
 * Runs libs/catalog-outbox's OutboxRelay for the life of the app. Ready while it holds a database
 * session and a Kafka producer connection; on shutdown it finishes the batch in hand (published
 * and marked, or neither) before the process exits.
 */
@Injectable()
export class RelayRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private relay?: OutboxRelay;

  constructor(
    @Inject(RELAY_CONFIG) private readonly config: RelayConfig,
    @Inject(RELAY_DATABASE_URL) private readonly databaseUrl: string,
    @InjectPinoLogger('OutboxRelay') private readonly logger: PinoLogger,
    private readonly health: HealthRegistry,
    private readonly metrics: MetricsService,
  ) {}

  onApplicationBootstrap(): void {
    const published = this.metrics.counter({
      name: 'outbox_relay_published_total',
      help: 'Outbox events published to Kafka by this relay',
    });
    const relay = createOutboxRelay(this.config, this.databaseUrl, this.logger, (count) =>
      published.inc(count),
    );
    this.metrics.gauge({
      name: 'outbox_relay_shards_held',
      help: 'Outbox shards whose advisory lock this relay holds',
      collect() {
        this.set(relay.heldShards.length);
      },
    });
    this.health.register('outbox-relay', () =>
      relay.isReady
        ? true
        : { ok: false, detail: 'the relay has no database session or Kafka connection yet' },
    );
    this.relay = relay;
    relay.start();
    this.logger.info({ shards: this.config.OUTBOX_RELAY_SHARDS }, 'outbox relay started');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay?.stop();
    this.logger.info('outbox relay stopped');
  }
}
