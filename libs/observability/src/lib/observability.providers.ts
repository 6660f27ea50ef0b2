import { Provider } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { HttpLogger } from 'pino-http';

import { ConcordExceptionFilter } from './errors/concord-exception.filter';
import { RequestBodyInterceptor } from './http/request-body.interceptor';
import { HTTP_LOGGER, OBSERVABILITY_OPTIONS, ObservabilityOptions } from './observability-options';
import { concordValidationPipe } from './validation/concord-validation-pipe';

export function observabilityProviders(
  options: ObservabilityOptions,
  httpLogger: HttpLogger,
): Provider[] {
  return [
    { provide: OBSERVABILITY_OPTIONS, useValue: options },
    { provide: HTTP_LOGGER, useValue: httpLogger },
    { provide: APP_FILTER, useClass: ConcordExceptionFilter },
    // Registered first of the app's interceptors: later ones and every pipe see the parsed body.
    { provide: APP_INTERCEPTOR, useClass: RequestBodyInterceptor },
    { provide: APP_PIPE, useFactory: () => concordValidationPipe() },
  ];
}
