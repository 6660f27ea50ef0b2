import { sleep } from '../clients/retry';
import type { OracleRecord } from '../workload/oracle';
import { compareWithOracle } from './compare';
import type { Problem, Snapshot } from './observed';

export interface Convergence {
  /** Null when the sides still disagreed at the deadline. */
  convergedAfterMs: number | null;
  /** What was still wrong at the end (empty when converged). */
  problems: Problem[];
  /** Records read from each side in the last snapshot (Stripe: live ones only). */
  observed: { catalog: number; stripe: number };
}

/** Reads both sides until they agree with the oracle, or the deadline passes. */
export async function converge(
  read: () => Promise<Snapshot>,
  oracle: readonly OracleRecord[],
  timeoutMs: number,
  say: (line: string) => void,
): Promise<Convergence> {
  const started = Date.now();
  let problems: Problem[] = [];
  let observed = { catalog: 0, stripe: 0 };
  let lastReport = 0;
  for (;;) {
    try {
      const snapshot = await read();
      observed = {
        catalog: snapshot.catalog.length,
        stripe: snapshot.stripe.filter((s) => !s.deleted).length,
      };
      problems = compareWithOracle(oracle, snapshot);
      if (problems.length === 0) {
        return { convergedAfterMs: Date.now() - started, problems, observed };
      }
    } catch (error) {
      problems = [
        { kind: 'loss', record: '(snapshot)', detail: `could not read: ${String(error)}` },
      ];
    }
    if (Date.now() - started > timeoutMs) return { convergedAfterMs: null, problems, observed };
    if (Date.now() - lastReport > 15_000) {
      lastReport = Date.now();
      const sample = problems
        .slice(0, 3)
        .map((p) => `${p.kind} ${p.record}${p.field ? ` ${p.field}` : ''}`);
      say(`not converged yet: ${problems.length} differences (${sample.join('; ')})`);
    }
    await sleep(2000);
  }
}
