import { Pool, type PoolConfig } from 'pg';

/**
 * A `pg` pool for the bench's own queries that survives its server stopping. `pool.end()` resolves
 * once it has asked its clients to end, not once their sockets closed; a server stopped right
 * after (the bench stops its PostgreSQL servers at the end of each run) then terminates a backend
 * still open (57P01), which pg-pool re-emits as an 'error' on the pool and, with no listener, would
 * kill the bench. Errors of idle clients are dropped here; queries still reject as usual.
 */
export function benchPool(config: PoolConfig): Pool {
  const pool = new Pool(config);
  pool.on('error', () => undefined);
  return pool;
}
