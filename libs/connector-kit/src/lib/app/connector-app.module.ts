import { HealthModule, MetricsModule, ObservabilityModule } from '@concord/observability';
import { type DynamicModule, Module, type ModuleMetadata } from '@nestjs/common';

import type { ConnectorDefinition, MappedShapes } from '../definition/connector-definition';
import { ConnectorKitModule } from '../nest/connector-kit.module';
import type { ConnectorEnvConfig } from './connector-env';
import { kitOptionsFromEnv } from './kit-options-from-env';

/** What a connector app is made of beyond the kit: its definition and any routes of its own. */
export interface ConnectorAppParts<TClient, TEvent, TMapped extends MappedShapes> {
  /** The app's name, e.g. `connector-stripe` (logs, metrics). */
  service: string;
  config: ConnectorEnvConfig;
  definition: ConnectorDefinition<TClient, TEvent, TMapped>;
  /** Controllers and providers of the connector's own (e.g. Xero's app-level webhook URL). */
  extras?: Pick<ModuleMetadata, 'controllers' | 'providers'>;
}

/** A connector app: the kit running one definition, plus logs, metrics and health. */
@Module({})
export class ConnectorAppModule {
  static forRoot<TClient, TEvent, TMapped extends MappedShapes>({
    service,
    config,
    definition,
    extras,
  }: ConnectorAppParts<TClient, TEvent, TMapped>): DynamicModule {
    return {
      module: ConnectorAppModule,
      controllers: extras?.controllers ?? [],
      providers: extras?.providers ?? [],
      imports: [
        ObservabilityModule.forRoot({
          serviceName: service,
          logLevel: config.LOG_LEVEL,
          pretty: config.LOG_FORMAT === 'pretty',
        }),
        MetricsModule.forRoot({ serviceName: service }),
        HealthModule.forRoot({ shutdownDelayMs: config.SHUTDOWN_DELAY_MS }),
        ConnectorKitModule.forRoot(definition, kitOptionsFromEnv(config)),
      ],
    };
  }
}
