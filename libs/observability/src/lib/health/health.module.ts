import { DynamicModule, Module } from '@nestjs/common';

import { HealthController } from './health.controller';
import { HEALTH_OPTIONS, HealthOptions, HealthRegistry } from './health-registry.service';
import { ShutdownReadiness } from './shutdown-readiness';

/**
 * `GET /health/live` and `GET /health/ready`, a global HealthRegistry for readiness checks, and
 * the turn to not-ready on SIGTERM (ShutdownReadiness).
 */
@Module({})
export class HealthModule {
  static forRoot(options: HealthOptions = {}): DynamicModule {
    return {
      module: HealthModule,
      global: true,
      controllers: [HealthController],
      providers: [
        { provide: HEALTH_OPTIONS, useValue: options },
        HealthRegistry,
        ShutdownReadiness,
      ],
      exports: [HealthRegistry],
    };
  }
}
