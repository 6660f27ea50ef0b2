import {
  CLAIM_PLAN_SETTINGS,
  OUTBOX_CLAIM_SQL,
  OUTBOX_TABLE_STATEMENTS,
} from '@concord/catalog-outbox';
import { type TestDatabase, testDatabase, testTenantId } from '@concord/testing';
import { Pool } from 'pg';

import { seedOutboxBacklog } from '../test/outbox-backlog';

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

function nodesOf(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(nodesOf)];
}

/**
 * The relay's claim on a backlog the table's statistics do not know about (analysed while empty,
 * as a quiet outbox usually is): under the relay session's settings it reads the unpublished index
 * in order and stops at its limit. Planned as a bitmap scan of every unpublished row plus a sort,
 * each batch would cost the whole backlog (a 100,000-row drain ran at 3,000 rows/s instead of
 * 11,000: docs/benchmarks.md).
 */
describe('the outbox claim plan (real PostgreSQL)', () => {
  let database: TestDatabase;
  /** One connection, so the settings and the EXPLAIN share a session. */
  let session: Pool;

  beforeAll(async () => {
    database = await testDatabase('claim');
    session = new Pool({ connectionString: database.url, max: 1 });
    for (const statement of OUTBOX_TABLE_STATEMENTS) await session.query(statement);
    await session.query('ANALYZE outbox');
    await seedOutboxBacklog(session, testTenantId(), 100, 100);
  });

  afterAll(async () => {
    await session?.end();
    await database?.drop();
  });

  it('reads the unpublished rows in sequence order through their index, with no sort', async () => {
    await session.query(CLAIM_PLAN_SETTINGS);
    const { rows } = await session.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(
      `EXPLAIN (FORMAT JSON) ${OUTBOX_CLAIM_SQL}`,
      [16, Array.from({ length: 16 }, (_, shard) => shard), 500],
    );
    const nodes = nodesOf(rows[0]['QUERY PLAN'][0].Plan);
    expect(nodes.map((node) => node['Node Type'])).toEqual(['Limit', 'Index Scan']);
    expect(nodes[1]['Index Name']).toBe('outbox_unpublished_idx');
  });
});
