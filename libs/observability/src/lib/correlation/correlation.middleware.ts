import { IncomingMessage, ServerResponse } from 'node:http';

import { Injectable, NestMiddleware } from '@nestjs/common';

import { runWithCorrelation } from './correlation-context';
import { requestCorrelationId } from './request-correlation';

/** Runs the rest of the request inside its correlation context, so every log line and produced message carries the id. */
@Injectable()
export class CorrelationMiddleware implements NestMiddleware {
  use(req: IncomingMessage, res: ServerResponse, next: () => void): void {
    runWithCorrelation(requestCorrelationId(req, res), next);
  }
}
