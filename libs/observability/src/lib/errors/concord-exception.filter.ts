import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { Response } from 'express';

import { toErrorResponse } from './error-response.mapper';

/**
 * Turns anything thrown while serving an HTTP request into Concord's error body. Server faults
 * are logged with their stack (secrets masked by the logger); the client gets no internals.
 * Other contexts (RPC, WebSockets) are not ours: their errors pass through unchanged.
 */
@Catch()
export class ConcordExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ConcordExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const response = toErrorResponse(exception);
    if (response.status >= 500) {
      this.logger.error(
        exception instanceof Error ? exception : `non-error thrown: ${String(exception)}`,
      );
    }
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return;
    res.status(response.status).set(response.headers).json(response.body);
  }
}
