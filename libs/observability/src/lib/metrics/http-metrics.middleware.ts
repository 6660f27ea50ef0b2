import { Injectable, NestMiddleware, Optional } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Counter, Histogram } from 'prom-client';

import { MetricsService } from './metrics.service';

type HttpLabel = 'method' | 'route' | 'status';

/**
 * Counts and times every HTTP request by route template (never the raw path: ids would explode the
 * label set). ObservabilityModule mounts it ahead of the body parsers; without MetricsModule it does nothing.
 */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  private readonly requests?: Counter<HttpLabel>;
  private readonly duration?: Histogram<HttpLabel>;

  constructor(@Optional() metrics?: MetricsService) {
    if (!metrics) return;
    const labelNames: HttpLabel[] = ['method', 'route', 'status'];
    this.requests = metrics.counter({
      name: 'http_requests_total',
      help: 'HTTP requests served',
      labelNames,
    });
    this.duration = metrics.histogram({
      name: 'http_request_duration_seconds',
      help: 'Time to serve an HTTP request',
      labelNames,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    });
  }

  use(req: Request, res: Response, next: () => void): void {
    const { requests, duration } = this;
    if (!requests || !duration) return next();
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const labels = {
        method: req.method,
        route: routeTemplate(req),
        status: String(res.statusCode),
      };
      requests.inc(labels);
      duration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  }
}

/** The route template a request matched (`/v1/customers/:id`), or `unmatched`. */
export function routeTemplate(req: Request): string {
  const route: unknown = req.route;
  if (
    typeof route === 'object' &&
    route !== null &&
    'path' in route &&
    typeof route.path === 'string'
  ) {
    return `${req.baseUrl}${route.path}`;
  }
  return 'unmatched';
}
