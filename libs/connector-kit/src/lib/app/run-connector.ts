import {
  assertValidEnvOrExit,
  type EnvConfig,
  type EnvSource,
  loadEnv,
  redactedConfig,
} from '@concord/config';
import { bootstrapHttpApp } from '@concord/observability';
import { Logger } from 'nestjs-pino';

import type { MappedShapes } from '../definition/connector-definition';
import { ConnectorAppModule, type ConnectorAppParts } from './connector-app.module';
import type { ConnectorEnvConfig, ConnectorEnvSchema } from './connector-env';

/** A connector's `main.ts` in one call: what differs between connectors. */
export interface ConnectorMain<
  S extends ConnectorEnvSchema,
  TClient,
  TEvent,
  TMapped extends MappedShapes,
> {
  /** The app's name, e.g. `connector-stripe`. */
  service: string;
  /** Its environment: `connectorEnv(...)` spread into a `defineEnv` with its own settings. */
  env: S;
  /** Where the values come from: `process.env` (main.ts reads it, as the lint rule wants). */
  source: EnvSource;
  /** Its definition (and any routes of its own), from the validated environment. */
  parts(
    config: EnvConfig<S>,
  ): Pick<ConnectorAppParts<TClient, TEvent, TMapped>, 'definition' | 'extras'>;
}

/**
 * Validates the environment (a bad variable refuses the start, naming it, exit 78), boots the
 * connector app on HOST:PORT with graceful shutdown, and logs the redacted configuration at
 * debug. A failure to start is one line on stderr and exit 1.
 */
export function runConnector<
  S extends ConnectorEnvSchema,
  TClient,
  TEvent,
  TMapped extends MappedShapes,
>(main: ConnectorMain<S, TClient, TEvent, TMapped>): void {
  const start = async (): Promise<void> => {
    const config = assertValidEnvOrExit(() => loadEnv(main.env, main.source));
    // S extends the connector slice, so its config holds every value of ConnectorEnvConfig.
    const common = config as unknown as ConnectorEnvConfig;
    const module = ConnectorAppModule.forRoot({
      service: main.service,
      config: common,
      ...main.parts(config),
    });
    const { app } = await bootstrapHttpApp(module, {
      port: common.PORT,
      host: common.HOST,
      serviceName: main.service,
    });
    app
      .get(Logger)
      .debug({ config: redactedConfig(config, main.env) }, 'configuration', 'Bootstrap');
  };
  start().catch((error: unknown) => {
    process.stderr.write(
      `${main.service} failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  });
}
