import { createHash } from 'node:crypto';

import { type EntityManager, QueryFailedError } from 'typeorm';

/** The pg client a TypeORM query runner holds while it is connected. */
interface PgClient {
  query<R>(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: R[] }>;
  query(text: string): Promise<unknown>;
}

/** Executions of a statement on one connection before its first plan is made again. */
export const FIRST_REPLAN_AFTER = 100;

/** One statement on one connection: the name it is prepared under, and when to plan it again. */
interface PreparedOnConnection {
  name: string;
  executions: number;
  replanAt: number;
}

const preparedByClient = new WeakMap<PgClient, Map<string, PreparedOnConnection>>();

/** A name per statement text: pg refuses one name for two texts on a connection. */
function statementName(sql: string): string {
  return `concord_${createHash('sha1').update(sql).digest('hex').slice(0, 24)}`;
}

/**
 * The name to run `sql` under on `client`. A prepared statement keeps the generic plan the server
 * made from the tables' sizes when it was planned; a plan made while a table was nearly empty (a
 * fresh tenant, the start of an import) can scan what later holds 100,000 rows. So a statement is
 * prepared again, under a new name, each time its executions on the connection double from
 * FIRST_REPLAN_AFTER (about as often as the rows it writes can have doubled), and the old one is
 * deallocated: a few plans per connection over its life, none after it settles.
 */
async function nameOn(client: PgClient, sql: string): Promise<string> {
  let statements = preparedByClient.get(client);
  if (!statements) {
    statements = new Map();
    preparedByClient.set(client, statements);
  }
  const base = statementName(sql);
  const known = statements.get(base);
  if (!known) {
    statements.set(base, { name: base, executions: 1, replanAt: FIRST_REPLAN_AFTER });
    return base;
  }
  known.executions += 1;
  if (known.executions < known.replanAt) return known.name;
  const retired = known.name;
  known.name = `${base}_${known.executions}`;
  known.replanAt = known.executions * 2;
  // The retired name is never used again; node-postgres keeps its record of it (one a doubling).
  await client.query(`DEALLOCATE ${retired}`);
  return known.name;
}

/**
 * Runs `sql` as a named prepared statement on the manager's connection: the server parses and
 * plans it once per connection instead of on every call. For the statements the catalog sends
 * once per record (a record row with its outbox row and field clocks is one long CTE whose
 * planning cost as much server time as running it, measured by `bench:stages`' heaviest-SQL
 * list), planned again as the tables grow (`nameOn`). Errors are TypeORM's `QueryFailedError`,
 * as `manager.query` throws them. Outside a transaction it borrows a pooled connection for the
 * statement, as `manager.query` does (a REST write's one statement is its own transaction).
 *
 * A connection pooler in transaction mode must support prepared statements (PgBouncer 1.21+
 * with `max_prepared_statements`), as it must for any pg client that names its statements.
 */
export async function preparedQuery<R>(
  manager: EntityManager,
  sql: string,
  params: unknown[],
): Promise<R[]> {
  const inTransaction = manager.queryRunner;
  // Outside a transaction, borrow a pooled connection for the one statement, as manager.query does.
  const runner = inTransaction ?? manager.connection.createQueryRunner();
  try {
    // A failed connect throws as manager.query's would; a failed statement as QueryFailedError.
    const client = (await runner.connect()) as PgClient;
    try {
      const config = { name: await nameOn(client, sql), text: sql, values: params };
      return (await client.query<R>(config)).rows;
    } catch (error) {
      throw new QueryFailedError(sql, params, error as Error);
    }
  } finally {
    if (!inTransaction) await runner.release();
  }
}
