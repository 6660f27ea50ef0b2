import { type TestDatabase, testDatabase } from '@concord/testing';
import { DataSource, QueryFailedError } from 'typeorm';

import { FIRST_REPLAN_AFTER, preparedQuery } from './prepared-query';

describe('preparedQuery', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await testDatabase('prepared_query');
    dataSource = new DataSource({ type: 'postgres', url: database.url, poolSize: 2 });
    await dataSource.initialize();
    await dataSource.query('CREATE TABLE things (id int PRIMARY KEY, name text NOT NULL)');
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  const insert = 'INSERT INTO things (id, name) VALUES ($1, $2) RETURNING id, name';

  it('prepares a statement once per connection and runs it again with other values', async () => {
    const { rows, prepared } = await dataSource.transaction(async (manager) => {
      const first = await preparedQuery<{ id: number; name: string }>(manager, insert, [1, 'a']);
      const second = await preparedQuery<{ id: number; name: string }>(manager, insert, [2, 'b']);
      const statements = await manager.query<Array<{ statement: string }>>(
        'SELECT statement FROM pg_prepared_statements',
      );
      return { rows: [...first, ...second], prepared: statements.map((s) => s.statement) };
    });
    expect(rows).toEqual([
      { id: 1, name: 'a' },
      { id: 2, name: 'b' },
    ]);
    expect(prepared).toEqual([insert]);
  });

  it("throws TypeORM's QueryFailedError carrying the server's code, as manager.query does", async () => {
    const thrown = await dataSource
      .transaction((manager) => preparedQuery(manager, insert, [1, 'again']))
      .catch((error: unknown) => error);
    expect(thrown).toBeInstanceOf(QueryFailedError);
    expect((thrown as QueryFailedError & { driverError: { code: string } }).driverError.code).toBe(
      '23505',
    );
    expect(await dataSource.query('SELECT name FROM things WHERE id = 1')).toEqual([{ name: 'a' }]);
  });

  it('prepares it outside a transaction too, on a pooled connection it gives back', async () => {
    const single = new DataSource({ type: 'postgres', url: database.url, poolSize: 1 });
    await single.initialize();
    try {
      const select = 'SELECT name FROM things WHERE id = $1';
      const runs = [];
      for (const id of [1, 2, 1, 2]) {
        runs.push(...(await preparedQuery<{ name: string }>(single.manager, select, [id])));
      }
      expect(runs.map((row) => row.name)).toEqual(['a', 'b', 'a', 'b']);
      // The pool's one connection prepared it once, and got it back after each run.
      const prepared = await single.query<Array<{ n: number }>>(
        'SELECT count(*)::int AS n FROM pg_prepared_statements WHERE statement = $1',
        [select],
      );
      expect(prepared).toEqual([{ n: 1 }]);
    } finally {
      await single.destroy();
    }
  });

  it('prepares it again as its executions double, so a plan made while a table was small goes', async () => {
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    try {
      const select = 'SELECT name FROM things WHERE id = $1 OR name = $2';
      const prepared = async () =>
        (await runner.query(
          'SELECT name, generic_plans + custom_plans AS runs FROM pg_prepared_statements WHERE statement = $1',
          [select],
        )) as Array<{ name: string; runs: string }>;
      const run = async (times: number) => {
        for (let i = 0; i < times; i += 1) {
          const rows = await preparedQuery<{ name: string }>(runner.manager, select, [1, 'none']);
          expect(rows).toEqual([{ name: 'a' }]);
        }
      };
      await run(FIRST_REPLAN_AFTER - 1);
      const [first] = await prepared();
      expect(Number(first?.runs)).toBe(FIRST_REPLAN_AFTER - 1);

      await run(1);
      // Planned again under a new name; the old statement is gone from the connection.
      const [second, ...others] = await prepared();
      expect(others).toEqual([]);
      expect(second?.name).not.toBe(first?.name);
      expect(Number(second?.runs)).toBe(1);

      // The next plan comes once the executions doubled again, not before.
      await run(FIRST_REPLAN_AFTER - 1);
      expect((await prepared()).map((p) => p.name)).toEqual([second?.name]);
      await run(1);
      expect((await prepared()).map((p) => p.name)).not.toEqual([second?.name]);
    } finally {
      await runner.release();
    }
  });
});
