import { type DynamicModule, Module } from '@nestjs/common';

import type { ConnectorDefinition, MappedShapes } from '../definition/connector-definition';
import type { ConnectorKitOptions } from '../definition/connector-kit-options';
import { ConnectorKitService } from './connector-kit.service';
import { CONNECTOR_DEFINITION, CONNECTOR_KIT_OPTIONS } from './connector-kit.tokens';
import { WebhookController } from './webhook.controller';

/**
 * The whole connector plumbing as one Nest module. The app imports ObservabilityModule,
 * MetricsModule and HealthModule (global) and this, with its definition and run-time options.
 */
@Module({})
export class ConnectorKitModule {
  static forRoot<TClient, TEvent, TMapped extends MappedShapes>(
    definition: ConnectorDefinition<TClient, TEvent, TMapped>,
    options: ConnectorKitOptions,
  ): DynamicModule {
    return {
      module: ConnectorKitModule,
      controllers: [WebhookController],
      providers: [
        { provide: CONNECTOR_DEFINITION, useValue: definition },
        { provide: CONNECTOR_KIT_OPTIONS, useValue: options },
        ConnectorKitService,
      ],
      exports: [ConnectorKitService],
    };
  }
}
