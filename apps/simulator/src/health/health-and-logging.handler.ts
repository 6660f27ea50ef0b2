import { RequestListener, ServerResponse } from 'node:http';

import { Logger } from 'pino';

export interface ReadinessProbe {
  isReady(): boolean;
}

/**
 * Answers `/health/live` and `/health/ready` on every simulator listener (unlogged: probes would
 * drown the useful lines) and logs every other request once it completes: at debug (a connector's
 * routine calls and polls; LOG_LEVEL=debug shows them), or at warn when the simulator answered
 * 5xx. Logged are method, path, status and duration; never headers, query strings or bodies,
 * which may carry keys.
 */
export function withHealthAndLogging(
  simulator: string,
  handler: RequestListener,
  readiness: ReadinessProbe,
  logger: Logger,
): RequestListener {
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/health/live') return json(res, 200, { status: 'ok' });
    if (req.method === 'GET' && path === '/health/ready') {
      return readiness.isReady()
        ? json(res, 200, { status: 'ready' })
        : json(res, 503, { status: 'shutting_down' });
    }
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      const level = res.statusCode >= 500 ? 'warn' : 'debug';
      logger[level](
        {
          simulator,
          method: req.method,
          path,
          status: res.statusCode,
          durationMs: Math.round(durationMs),
        },
        'request',
      );
    });
    handler(req, res);
  };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(payload),
  });
  res.end(payload);
}
