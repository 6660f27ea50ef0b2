import { MetricsService } from '@concord/observability';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Counter, Histogram } from 'prom-client';
import type { DataSource } from 'typeorm';

import { countQueriesOf } from './round-trip-scope';

/** What TypeORM's postgres driver keeps: the pg pool. */
interface PgPoolLike {
  on(
    event: 'connect' | 'acquire',
    listener: (client: { query: (...args: never[]) => unknown }) => void,
  ): void;
}

/**
 * Counts the catalog's database round trips at the pg driver: `concord_db_round_trips_total`
 * (HTTP requests apart from background work) and, per route, the round trips each request took
 * (`concord_db_round_trips_per_request`), the figure a REST write's cost is judged by.
 */
@Injectable()
export class DatabaseRoundTrips implements OnModuleInit {
  private readonly total: Counter<'work'>;
  readonly perRequest: Histogram<'method' | 'route'>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    metrics: MetricsService,
  ) {
    this.total = metrics.counter({
      name: 'concord_db_round_trips_total',
      help: 'Database round trips (queries sent by the pg driver), by the work that made them',
      labelNames: ['work'],
    });
    this.perRequest = metrics.histogram({
      name: 'concord_db_round_trips_per_request',
      help: 'Database round trips one HTTP request made, by route',
      labelNames: ['method', 'route'],
      buckets: [0, 1, 2, 3, 4, 5, 6, 8, 10, 15, 20, 50],
    });
  }

  onModuleInit(): void {
    const pool = (this.dataSource.driver as unknown as { master?: PgPoolLike }).master;
    if (!pool) return;
    const count = (inRequest: boolean): void => {
      this.total.inc({ work: inRequest ? 'http' : 'background' });
    };
    // Every checkout emits 'acquire' (a new client's first one too), so clients connected
    // before this ran are counted from their next checkout.
    pool.on('acquire', (client) => countQueriesOf(client, count));
  }
}
