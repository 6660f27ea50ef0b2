import { routeTemplate } from '@concord/observability';
import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { Request, Response } from 'express';

import { DatabaseRoundTrips } from './database-round-trips.service';
import { countingRoundTrips, type RoundTripTally } from './round-trip-scope';

/** Counts each request's database round trips (guards, interceptors and handler included). */
@Injectable()
export class RoundTripsMiddleware implements NestMiddleware {
  constructor(private readonly roundTrips: DatabaseRoundTrips) {}

  use(req: Request, res: Response, next: () => void): void {
    const tally: RoundTripTally = { count: 0 };
    res.once('finish', () => {
      this.roundTrips.perRequest.observe(
        { method: req.method, route: routeTemplate(req) },
        tally.count,
      );
    });
    countingRoundTrips(tally, next);
  }
}
