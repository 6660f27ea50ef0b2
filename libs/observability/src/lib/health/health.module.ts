import { DynamicModule, Module } from '@nestjs/common';

import { HealthController } from './health.controller';
import { HEALTH_OPTIONS, HealthOptions, HealthRegistry } from './health-registry.service';

/** `GET /health/live` and `GET /health/ready`, and a global HealthRegistry for readiness checks. */
@Module({})
export class HealthModule {
  static forRoot(options: HealthOptions = {}): DynamicModule {
    return {
      module: HealthModule,
      global: true,
      controllers: [HealthController],
      providers: [{ provide: HEALTH_OPTIONS, useValue: options }, HealthRegistry],
      exports: [HealthRegistry],
    };
  }
}
