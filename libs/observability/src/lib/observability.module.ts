import {
  DynamicModule,
  Inject,
  MiddlewareConsumer,
  Module,
  NestModule,
  OnModuleInit,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import pinoHttp, { HttpLogger } from 'pino-http';

import { CorrelationMiddleware } from './correlation/correlation.middleware';
import { translateBodyParserErrors } from './errors/request-body.error';
import { requestBodyParsers } from './http/request-body-parsers';
import { createLogDestination } from './logging/log-destination';
import { createPinoHttpOptions } from './logging/logger-options';
import { HttpMetricsMiddleware } from './metrics/http-metrics.middleware';
import { observabilityProviders } from './observability.providers';
import { HTTP_LOGGER, OBSERVABILITY_OPTIONS, ObservabilityOptions } from './observability-options';

/**
 * Logging (pino JSON, redacted, correlated), the correlation context of every request, HTTP
 * metrics, body parsing, the global ConcordExceptionFilter and the global concordValidationPipe.
 * Create the app with `bodyParser: false` (bootstrapHttpApp does) so that the body is parsed here,
 * after logging and correlation: a request with a malformed body is then logged like any other.
 */
@Module({})
export class ObservabilityModule implements NestModule, OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(HTTP_LOGGER) private readonly httpLogger: HttpLogger,
    @Inject(OBSERVABILITY_OPTIONS) private readonly options: ObservabilityOptions,
  ) {}

  static forRoot(options: ObservabilityOptions): DynamicModule {
    const httpLogger = pinoHttp(createPinoHttpOptions(options), createLogDestination(options));
    return {
      module: ObservabilityModule,
      global: true,
      // nestjs-pino reuses our request logger (mounted below, ahead of the body parsers).
      imports: [
        LoggerModule.forRoot({ pinoHttp: { logger: httpLogger.logger }, useExisting: true }),
      ],
      providers: observabilityProviders(options, httpLogger),
      exports: [LoggerModule, OBSERVABILITY_OPTIONS],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(
        this.httpLogger,
        CorrelationMiddleware,
        HttpMetricsMiddleware,
        ...requestBodyParsers(this.options.bodyLimit ?? '1mb'),
      )
      .forRoutes('*');
  }

  /** Nest calls this after mounting middleware and routes, and before its own error handler. */
  onModuleInit(): void {
    this.adapterHost.httpAdapter?.use(translateBodyParserErrors);
  }
}
