import type { Pool } from 'pg';

import { benchPool } from '../services/bench-pool';

/** Tags the bench's own queries (progress polls) so the count leaves them out. */
export const BENCH_QUERY_TAG = '/* bench-probe */';

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

  async close(): Promise<void> {
    await this.pool.end();
  }
}
