import { ConnectorKitModule } from '@concord/connector-kit';
import { HealthModule, MetricsModule, ObservabilityModule } from '@concord/observability';
import { type DynamicModule, Module } from '@nestjs/common';

import { kitOptionsFrom } from './config/kit-options';
import type { StripeConnectorConfig } from './config/stripe-connector-env';
import { stripeConnectorDefinition } from './stripe-connector.definition';

const SERVICE = 'connector-stripe';

/** connector-stripe: the connector kit running the Stripe definition, plus logs, metrics, health. */
@Module({})
export class AppModule {
  static forRoot(config: StripeConnectorConfig): DynamicModule {
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
          stripeConnectorDefinition({ perSecond: config.STRIPE_RATE_LIMIT_PER_SECOND }),
          kitOptionsFrom(config),
        ),
      ],
    };
  }
}
