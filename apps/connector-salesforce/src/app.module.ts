import { ConnectorKitModule } from '@concord/connector-kit';
import { HealthModule, MetricsModule, ObservabilityModule } from '@concord/observability';
import { type DynamicModule, Module } from '@nestjs/common';

import { kitOptionsFrom } from './config/kit-options';
import type { SalesforceConnectorConfig } from './config/salesforce-connector-env';
import { salesforceConnectorDefinition } from './salesforce-connector.definition';

const SERVICE = 'connector-salesforce';

/** connector-salesforce: the connector kit running the Salesforce definition, plus logs, metrics, health. */
@Module({})
export class AppModule {
  static forRoot(config: SalesforceConnectorConfig): DynamicModule {
    const kitOptions = kitOptionsFrom(config);
    return {
      module: AppModule,
      imports: [
        ObservabilityModule.forRoot({
          serviceName: SERVICE,
          logLevel: config.LOG_LEVEL,
          pretty: config.LOG_FORMAT === 'pretty',
        }),
        MetricsModule.forRoot({ serviceName: SERVICE }),
        HealthModule.forRoot({ shutdownDelayMs: config.SHUTDOWN_DELAY_MS }),
        ConnectorKitModule.forRoot(
          salesforceConnectorDefinition({
            perSecond: config.SALESFORCE_RATE_LIMIT_PER_SECOND,
            allowedLoopback: kitOptions.allowedLoopback ?? [],
            apiVersion: config.SALESFORCE_API_VERSION,
          }),
          kitOptions,
        ),
      ],
    };
  }
}
