import { HealthModule, MetricsModule, ObservabilityModule } from '@concord/observability';
import { type DynamicModule, Module } from '@nestjs/common';

import { RELAY_CONFIG, RELAY_DATABASE_URL, type RelayConfig } from './config/relay-config';
import { RelayRunner } from './relay-runner.service';

export const SERVICE_NAME = 'outbox-relay';

/** Logging, /health/live, /health/ready, /metrics and the relay itself. */
@Module({})
export class RelayAppModule {
  static forRoot(config: RelayConfig, databaseUrl: string): DynamicModule {
    return {
      module: RelayAppModule,
      imports: [
        ObservabilityModule.forRoot({
          serviceName: SERVICE_NAME,
          logLevel: config.LOG_LEVEL,
          pretty: config.LOG_FORMAT === 'pretty',
        }),
        MetricsModule.forRoot({ serviceName: SERVICE_NAME }),
        HealthModule.forRoot({ shutdownDelayMs: config.SHUTDOWN_DELAY_MS }),
      ],
      providers: [
        { provide: RELAY_CONFIG, useValue: config },
        { provide: RELAY_DATABASE_URL, useValue: databaseUrl },
        RelayRunner,
      ],
    };
  }
}
