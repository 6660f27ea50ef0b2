import { IncomingMessage, ServerResponse } from 'node:http';

import { json, RequestHandler, urlencoded } from 'express';

/** Raw bytes of the body, for webhook signature checks (Stripe, Xero) that must see exactly what was sent. */
export type RequestWithRawBody = IncomingMessage & { rawBody?: Buffer };

function keepRawBody(req: RequestWithRawBody, _res: ServerResponse, body: Buffer): void {
  req.rawBody = body;
}

/**
 * JSON and form body parsers that also keep `req.rawBody`. ObservabilityModule mounts them after
 * its logging, correlation and metrics middleware, so a rejected body is still logged, correlated
 * and counted.
 */
export function requestBodyParsers(limit: string): RequestHandler[] {
  return [
    json({ limit, verify: keepRawBody }),
    urlencoded({ extended: true, limit, verify: keepRawBody }),
  ];
}
