import type { Pool } from 'pg';

import { benchPool } from '../services/bench-pool';

/** Tags the bench's own queries (progress polls) so the count leaves them out. */
export const BENCH_QUERY_TAG = '/* bench-probe */';

/** One statement shape (pg_stat_statements normalises constants) and the server time it took. */
export interface HeavyStatement {
  query: string;
  calls: number;
  /** Execution time, all calls (wall time on the server: a loaded machine inflates it). */
  totalMs: number;
  /** Planning time, all calls (`pg_stat_statements.track_planning` is on in the bench's server). */
  planMs: number;
}

/**
 * SQL statements the server executed in one database, from `pg_stat_statements` (top-level
 * statements, utility ones such as BEGIN and COMMIT included, as the server counts them): exact and
 * server-side, so the same figure for an older commit. The bench's own PostgreSQL loads the
 * extension at start (`shared_preload_libraries`); the reads of this counter (another database)
 * and the bench's polls (tagged with BENCH_QUERY_TAG, a comment the extension keeps in the query
 * text) are left out.
 */
export class SqlStatementCounter {
  private constructor(
    private readonly pool: Pool,
    private readonly database: string,
  ) {}

  /** `adminUrl`: the server's superuser URL; `database`: the one whose statements count. */
  static async open(adminUrl: string, database: string): Promise<SqlStatementCounter> {
    const pool = benchPool({ connectionString: adminUrl, max: 1 });
    await pool.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    return new SqlStatementCounter(pool, database);
  }

  async count(): Promise<number> {
    const { rows } = await this.pool.query<{ calls: string | null }>(
      `SELECT sum(s.calls)::text AS calls
         FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
        WHERE d.datname = $1 AND position($2 in s.query) = 0`,
      [this.database, BENCH_QUERY_TAG],
    );
    return Number(rows[0]?.calls ?? 0);
  }

  /**
   * The statements that took the most server time in the database so far (cumulative: a stage's
   * database is its own, so its setup is included but small beside a drain), for finding what a
   * cost per change is made of.
   */
  async heaviest(limit: number): Promise<HeavyStatement[]> {
    const { rows } = await this.pool.query<{
      query: string;
      calls: string;
      total_ms: number;
      plan_ms: number;
    }>(
      `SELECT s.query, s.calls::text AS calls, s.total_exec_time AS total_ms,
              s.total_plan_time AS plan_ms
         FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
        WHERE d.datname = $1 AND position($2 in s.query) = 0
        ORDER BY s.total_exec_time DESC LIMIT $3`,
      [this.database, BENCH_QUERY_TAG, limit],
    );
    return rows.map((row) => ({
      query: row.query.replace(/\s+/g, ' ').trim(),
      calls: Number(row.calls),
      totalMs: row.total_ms,
      planMs: row.plan_ms,
    }));
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
