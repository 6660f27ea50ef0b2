import { ConnectorKitModule } from '@concord/connector-kit';
import { HealthModule, MetricsModule, ObservabilityModule } from '@concord/observability';
import { type DynamicModule, Module } from '@nestjs/common';

import { kitOptionsFrom } from './config/kit-options';
import type { XeroConnectorConfig } from './config/xero-connector-env';
import { XERO_WEBHOOK_KEY, XeroWebhookController } from './inbound/xero-webhook.controller';
import { xeroConnectorDefinition } from './xero-connector.definition';

const SERVICE = 'connector-xero';

/** connector-xero: the connector kit running the Xero definition, the app-level webhook URL, logs, metrics, health. */
@Module({})
export class AppModule {
  static forRoot(config: XeroConnectorConfig): DynamicModule {
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
          xeroConnectorDefinition({ webhookKey: config.XERO_WEBHOOK_KEY }),
          kitOptionsFrom(config),
        ),
      ],
      controllers: [XeroWebhookController],
      providers: [{ provide: XERO_WEBHOOK_KEY, useValue: config.XERO_WEBHOOK_KEY }],
    };
  }
}
