import { DynamicModule, Module } from '@nestjs/common';

import { MetricsController } from './metrics.controller';
import { METRICS_OPTIONS, MetricsOptions, MetricsService } from './metrics.service';

/**
 * `GET /metrics` (Prometheus text) and a global MetricsService. HTTP request metrics are recorded
 * by ObservabilityModule's middleware once this module is imported.
 */
@Module({})
export class MetricsModule {
  static forRoot(options: MetricsOptions = {}): DynamicModule {
    return {
      module: MetricsModule,
      global: true,
      controllers: [MetricsController],
      providers: [{ provide: METRICS_OPTIONS, useValue: options }, MetricsService],
      exports: [MetricsService],
    };
  }
}
