import { AddressInfo } from 'node:net';

import { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';

import { createExpressInstance } from '../http/express-instance';
import { ConcordNestLogger } from '../logging/concord-nest-logger';

export interface HttpAppOptions {
  /** 0 picks a free port (tests); read it back from the returned `url`. */
  port: number;
  /** Default 0.0.0.0 (all interfaces, as in a container). */
  host?: string;
  serviceName: string;
  /** Proxies whose X-Forwarded-For entries decide `req.ip` (default 0: the peer address). */
  trustProxyHops?: number;
  /** Last-minute setup before listening (CORS, Swagger, a global prefix). */
  configure?: (app: NestExpressApplication) => void | Promise<void>;
}

export interface HttpApp {
  app: INestApplication;
  /** `http://<host>:<port>` as actually bound. */
  url: string;
}

/**
 * Starts an HTTP app the Concord way: the pino logger from ObservabilityModule for every line
 * (including the ones logged while booting; Nest's routine boot lines at debug, see
 * `ConcordNestLogger`), graceful shutdown on SIGTERM and SIGINT (Nest closes the app, running its
 * shutdown hooks, before the process exits), and the bound URL logged.
 * Routing is case-sensitive and strict (see `createExpressInstance`).
 * The root module must import ObservabilityModule.forRoot().
 */
export async function bootstrapHttpApp(
  rootModule: Type<unknown> | DynamicModule,
  options: HttpAppOptions,
): Promise<HttpApp> {
  // ObservabilityModule parses bodies itself, after logging and correlation.
  const app = await NestFactory.create<NestExpressApplication>(
    rootModule,
    new ExpressAdapter(createExpressInstance({ trustProxyHops: options.trustProxyHops })),
    { bufferLogs: true, bodyParser: false },
  );
  const logger = app.get(Logger);
  app.useLogger(new ConcordNestLogger(logger));
  app.flushLogs();
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  await options.configure?.(app);

  const host = options.host ?? '0.0.0.0';
  await app.listen(options.port, host);
  const { port } = app.getHttpServer().address() as AddressInfo;
  const url = `http://${host}:${port}`;
  logger.log(`${options.serviceName} listening on ${url}`, 'Bootstrap');
  return { app, url };
}
