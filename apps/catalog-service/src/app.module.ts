import { HealthModule, MetricsModule, ObservabilityModule } from '@concord/observability';
import { type DynamicModule, Module } from '@nestjs/common';

import { ApiKeysModule } from './api-keys/api-keys.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CatalogConfigModule } from './config/catalog-config.module';
import type { CatalogConfig } from './config/catalog-env';
import { ConnectorStatusModule } from './connector-status/connector-status.module';
import { CustomersModule } from './customers/customers.module';
import { DatabaseModule } from './database/database.module';
import { DeadLettersModule } from './dead-letters/dead-letters.module';
import { CatalogHealthModule } from './health/catalog-health.module';
import { IdempotencyModule } from './idempotency/idempotency.module';
import { InboundModule } from './inbound/inbound.module';
import { IntegrationsModule } from './integrations/integrations.module';
import { InvoicesModule } from './invoices/invoices.module';
import { OperatorModule } from './operator/operator.module';
import { OutboxModule } from './outbox/outbox.module';
import { ProductsModule } from './products/products.module';
import { ActivityStreamModule } from './sync/activity-stream/activity-stream.module';
import { SyncModule } from './sync/sync.module';
import { TenantsModule } from './tenants/tenants.module';

export const SERVICE_NAME = 'catalog-service';

@Module({})
export class AppModule {
  static forRoot(config: CatalogConfig, databaseUrl: string): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CatalogConfigModule.forRoot(config, databaseUrl),
        ObservabilityModule.forRoot({
          serviceName: SERVICE_NAME,
          logLevel: config.LOG_LEVEL,
          pretty: config.LOG_FORMAT === 'pretty',
          // The operator's key has no recognisable shape: masked by value.
          secretValues: [config.CONCORD_ADMIN_API_KEY],
        }),
        MetricsModule.forRoot({ serviceName: SERVICE_NAME }),
        HealthModule.forRoot({ shutdownDelayMs: config.SHUTDOWN_DELAY_MS }),
        DatabaseModule,
        AuthModule,
        CatalogHealthModule,
        AuditModule,
        IdempotencyModule,
        OutboxModule,
        TenantsModule,
        ApiKeysModule,
        CustomersModule,
        ProductsModule,
        InvoicesModule,
        IntegrationsModule,
        ConnectorStatusModule,
        InboundModule,
        SyncModule,
        ActivityStreamModule,
        DeadLettersModule,
        OperatorModule,
      ],
    };
  }
}
