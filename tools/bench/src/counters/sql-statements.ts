import { Pool } from 'pg';

/**
 * SQL statements the server executed in one database, from `pg_stat_statements` (top-level
 * statements, utility ones such as BEGIN and COMMIT included, as the server counts them): exact and
 * server-side, so the same figure for an older commit. The bench's own PostgreSQL loads the
 * extension at start (`shared_preload_libraries`); the reads of this counter are left out.
 */
export class SqlStatementCounter {
  private constructor(
    private readonly pool: Pool,
    private readonly database: string,
  ) {}

  /** `adminUrl`: the server's superuser URL; `database`: the one whose statements count. */
  static async open(adminUrl: string, database: string): Promise<SqlStatementCounter> {
    const pool = new Pool({ connectionString: adminUrl, max: 1 });
    await pool.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    return new SqlStatementCounter(pool, database);
  }

  async count(): Promise<number> {
    const { rows } = await this.pool.query<{ calls: string | null }>(
      `SELECT sum(s.calls)::text AS calls
         FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
        WHERE d.datname = $1`,
      [this.database],
    );
    return Number(rows[0]?.calls ?? 0);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
