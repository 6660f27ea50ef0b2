import { Provider } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { HttpLogger } from 'pino-http';

import { ConcordExceptionFilter } from './errors/concord-exception.filter';
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
    { provide: APP_PIPE, useFactory: () => concordValidationPipe() },
  ];
}
