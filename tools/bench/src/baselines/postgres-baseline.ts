import { runConcurrently } from '../load/concurrent-runner';
import { benchPool } from '../services/bench-pool';
import type { Baseline } from './baseline';

export interface PostgresBaselineOptions {
  databaseUrl: string;
  transactions: number;
  concurrency: number;
  /** Bytes of the outbox payload: the size of a real catalog event. */
  payloadBytes: number;
  /** Connections in the pool (default: `concurrency`). */
  poolSize?: number;
  /** The outbox's statement-level NOTIFY trigger (default true). */
  notifyTrigger?: boolean;
}

// The shape of catalog-service's customers and outbox tables (the outbox with its sequence,
// partial index and statement-level NOTIFY trigger), in tables of the bench's own.
const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS bench_customers (id uuid PRIMARY KEY, tenant_id text NOT NULL,
     version integer NOT NULL, name text NOT NULL, email text, metadata jsonb NOT NULL DEFAULT '{}',
     created_at timestamptz(3) NOT NULL DEFAULT now(), updated_at timestamptz(3) NOT NULL DEFAULT now())`,
  `CREATE INDEX IF NOT EXISTS bench_customers_tenant_email_idx ON bench_customers (tenant_id, lower(email))`,
  `CREATE TABLE IF NOT EXISTS bench_outbox (id uuid PRIMARY KEY, aggregatetype text NOT NULL,
     aggregateid text NOT NULL, type text NOT NULL, payload jsonb NOT NULL, tenant text NOT NULL,
     headers jsonb NOT NULL DEFAULT '{}', sequence bigserial NOT NULL UNIQUE,
     created_at timestamptz(3) NOT NULL DEFAULT now(), published_at timestamptz(3))`,
  `CREATE INDEX IF NOT EXISTS bench_outbox_unpublished_idx ON bench_outbox (sequence) WHERE published_at IS NULL`,
  `CREATE OR REPLACE FUNCTION bench_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN PERFORM pg_notify('bench_outbox', ''); RETURN NULL; END $$`,
  `DROP TRIGGER IF EXISTS bench_outbox_notify ON bench_outbox`,
  `CREATE TRIGGER bench_outbox_notify AFTER INSERT ON bench_outbox
     FOR EACH STATEMENT EXECUTE FUNCTION bench_outbox_notify()`,
];

/** One PostgreSQL transaction writing one row plus one outbox row, from a pool of connections. */
export async function measurePostgres(options: PostgresBaselineOptions): Promise<Baseline> {
  const pool = benchPool({
    connectionString: options.databaseUrl,
    max: options.poolSize ?? options.concurrency,
  });
  const withTrigger = options.notifyTrigger ?? true;
  try {
    for (const statement of withTrigger ? SCHEMA : SCHEMA.slice(0, 4)) await pool.query(statement);
    if (!withTrigger)
      await pool.query('DROP TRIGGER IF EXISTS bench_outbox_notify ON bench_outbox');
    const payload = JSON.stringify({ data: 'x'.repeat(Math.max(1, options.payloadBytes - 11)) });
    const run = await runConcurrently(options.transactions, options.concurrency, async (index) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const { rows } = await client.query<{ id: string }>(
          `INSERT INTO bench_customers (id, tenant_id, version, name, email)
           VALUES (gen_random_uuid(), 'bench', 1, $1, $2) RETURNING id`,
          [`Customer ${index}`, `c${index}@bench.example`],
        );
        await client.query(
          `INSERT INTO bench_outbox (id, aggregatetype, aggregateid, type, payload, tenant)
           VALUES (gen_random_uuid(), 'customer', $1, 'concord.catalog.customer.created', $2, 'bench')`,
          [`bench:${rows[0]?.id}`, payload],
        );
        await client.query('COMMIT');
      } finally {
        client.release();
      }
    });
    return {
      name: 'postgres',
      what: `BEGIN; row + outbox row; COMMIT (${options.concurrency} in flight, pool of ${options.poolSize ?? options.concurrency}${withTrigger ? '' : ', no trigger'})`,
      perSecond: run.perSecond,
      latency: run.latency,
    };
  } finally {
    await pool.end();
  }
}
