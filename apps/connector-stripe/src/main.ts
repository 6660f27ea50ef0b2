import 'reflect-metadata';

import { assertValidEnvOrExit, loadEnv, redactedConfig } from '@concord/config';
import { bootstrapHttpApp } from '@concord/observability';
import { Logger } from 'nestjs-pino';

import { AppModule } from './app.module';
import { stripeConnectorEnv } from './config/stripe-connector-env';

async function main(): Promise<void> {
  const config = assertValidEnvOrExit(() => loadEnv(stripeConnectorEnv, process.env));
  const { app } = await bootstrapHttpApp(AppModule.forRoot(config), {
    port: config.PORT,
    host: config.HOST,
    serviceName: 'connector-stripe',
  });
  app
    .get(Logger)
    .debug({ config: redactedConfig(config, stripeConnectorEnv) }, 'configuration', 'Bootstrap');
}

main().catch((error: unknown) => {
  process.stderr.write(
    `connector-stripe failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
