import { DynamicModule, Inject, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import pinoHttp, { HttpLogger } from 'pino-http';

import { CorrelationMiddleware } from './correlation/correlation.middleware';
import { createLogDestination } from './logging/log-destination';
import { createPinoHttpOptions } from './logging/logger-options';
import { HttpMetricsMiddleware } from './metrics/http-metrics.middleware';
import { observabilityProviders } from './observability.providers';
import { HTTP_LOGGER, OBSERVABILITY_OPTIONS, ObservabilityOptions } from './observability-options';

/**
 * Logging (pino JSON, redacted, correlated), the correlation context of every request, HTTP
 * metrics, the global ConcordExceptionFilter, the global concordValidationPipe and body parsing.
 * Create the app with `bodyParser: false` (bootstrapHttpApp does): bodies are parsed by
 * RequestBodyInterceptor, after the guards, so a request refused for its credentials or its rate
 * costs no parse, and a request with a malformed body is still logged and correlated like any other.
 */
@Module({})
export class ObservabilityModule implements NestModule {
  constructor(@Inject(HTTP_LOGGER) private readonly httpLogger: HttpLogger) {}

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
    consumer.apply(this.httpLogger, CorrelationMiddleware, HttpMetricsMiddleware).forRoutes('*');
  }
}
