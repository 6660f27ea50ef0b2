// `node dist/apps/catalog-service/src/demo/seed-demo.js` (npm start runs it once the app is up;
// `nx run catalog-service:seed-demo`): creates the demo tenant, its records, the demo API key
// (CONCORD_DEMO_API_KEY when set) and its Stripe connection. Idempotent; same environment as the app.
import 'reflect-metadata';

import { assertValidEnvOrExit, defineEnv, loadEnv, str } from '@concord/config';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';

import { ApiKeysService } from '../api-keys/api-keys.service';
import { AppModule } from '../app.module';
import { AuditService } from '../audit/audit.service';
import { catalogEnv } from '../config/catalog-env';
import { CustomersService } from '../customers/customers.service';
import { resolveCatalogDatabase } from '../database/catalog-database';
import { runCatalogMigrations } from '../database/run-migrations';
import { IntegrationsService } from '../integrations/integrations.service';
import { InvoicesService } from '../invoices/invoices.service';
import { ProductsService } from '../products/products.service';
import { TenantsService } from '../tenants/tenants.service';
import { DEMO_TENANT } from './demo-data';
import { DemoSeeder } from './demo-seeder';

const seedEnv = defineEnv({
  ...catalogEnv,
  CONCORD_DEMO_API_KEY: str({
    optional: true,
    secret: true,
    pattern: {
      regex: /^[a-z][a-z0-9]*(_[a-z0-9]+)*_[A-Za-z0-9]{12}_[A-Za-z0-9]{32,128}$/,
      description: 'an API key <prefix>_<12 base62 key id>_<32+ base62 secret>',
    },
  }),
});

const say = (message: string): void => {
  process.stdout.write(`[seed-demo] ${message}\n`);
};

async function seed(): Promise<void> {
  const config = assertValidEnvOrExit(() => loadEnv(seedEnv));
  const databaseUrl = await resolveCatalogDatabase(config, { create: true });
  if (config.RUN_MIGRATIONS) await runCatalogMigrations(databaseUrl);
  // Only the services: the running app's relay, consumers and workers do the background work.
  const appConfig = {
    ...config,
    OUTBOX_RELAY: 'external' as const,
    INBOUND_APPLIER_ENABLED: false,
    DEAD_LETTER_COLLECTOR_ENABLED: false,
    LOG_LEVEL: 'warn' as const,
  };
  const app = await NestFactory.createApplicationContext(
    AppModule.forRoot(appConfig, databaseUrl),
    {
      logger: false,
    },
  );
  try {
    const seeder = new DemoSeeder({
      dataSource: app.get(DataSource),
      tenants: app.get(TenantsService),
      apiKeys: app.get(ApiKeysService),
      audit: app.get(AuditService),
      customers: app.get(CustomersService),
      products: app.get(ProductsService),
      invoices: app.get(InvoicesService),
      integrations: app.get(IntegrationsService),
    });
    const result = await seeder.seed(config.CONCORD_DEMO_API_KEY);
    const { customers, products, invoices, connection, xeroConnection } = result.created;
    say(
      `tenant "${DEMO_TENANT.id}" ${result.tenantCreated ? 'created' : 'already there'}; created ` +
        `${customers} customers, ${products} products, ${invoices} invoices` +
        `${connection ? ', the stripe connection' : ''}` +
        `${xeroConnection ? ', the xero connection' : ''}`,
    );
    say(
      result.apiKey === null
        ? 'demo API key: issued by an earlier run (set CONCORD_DEMO_API_KEY to use a fixed one)'
        : `demo API key: ${result.apiKey}`,
    );
  } finally {
    await app.close();
  }
}

seed().catch((error: unknown) => {
  process.stderr.write(
    `[seed-demo] failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
