import { IncomingMessage, ServerResponse } from 'node:http';

import {
  CORRELATION_ID_HEADER,
  correlationFromHeaders,
  newCorrelationId,
} from './correlation-context';

type RequestWithId = IncomingMessage & { id?: unknown };

/**
 * The request's correlation id: the caller's valid `x-correlation-id` (or `x-request-id`), else a
 * new UUID. Stored as `req.id` (where pino-http looks too, so logs and context agree whichever
 * middleware runs first) and echoed in the response's `x-correlation-id` header.
 */
export function requestCorrelationId(req: IncomingMessage, res: ServerResponse): string {
  const request = req as RequestWithId;
  if (typeof request.id === 'string' && request.id !== '') return request.id;
  const correlationId = correlationFromHeaders(req.headers) ?? newCorrelationId();
  request.id = correlationId;
  if (!res.headersSent) res.setHeader(CORRELATION_ID_HEADER, correlationId);
  return correlationId;
}
