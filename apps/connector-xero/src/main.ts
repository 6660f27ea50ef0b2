import 'reflect-metadata';

import { assertValidEnvOrExit, loadEnv, redactedConfig } from '@concord/config';
import { bootstrapHttpApp } from '@concord/observability';
import { Logger } from 'nestjs-pino';

import { AppModule } from './app.module';
import { xeroConnectorEnv } from './config/xero-connector-env';

async function main(): Promise<void> {
  const config = assertValidEnvOrExit(() => loadEnv(xeroConnectorEnv, process.env));
  const { app } = await bootstrapHttpApp(AppModule.forRoot(config), {
    port: config.PORT,
    host: config.HOST,
    serviceName: 'connector-xero',
  });
  app
    .get(Logger)
    .debug({ config: redactedConfig(config, xeroConnectorEnv) }, 'configuration', 'Bootstrap');
}

main().catch((error: unknown) => {
  process.stderr.write(
    `connector-xero failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
