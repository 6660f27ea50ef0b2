import { sleep } from '../clients/retry';
import type { OracleRecord } from '../workload/oracle';
import { compareWithOracle } from './compare';
import type { Problem, Snapshot } from './observed';
import { EXTERNAL_SYSTEMS, type ExternalSystem } from './systems';

/** Records in the catalog, and live records in each system read. */
export type ObservedCounts = { catalog: number } & Partial<Record<ExternalSystem, number>>;

function countsOf(snapshot: Snapshot): ObservedCounts {
  const counts: ObservedCounts = { catalog: snapshot.catalog.length };
  for (const system of EXTERNAL_SYSTEMS) {
    const records = snapshot[system];
    if (records) counts[system] = records.filter((r) => !r.deleted).length;
  }
  return counts;
}

export interface Convergence {
  /** Null when the sides still disagreed at the deadline. */
  convergedAfterMs: number | null;
  /** What was still wrong at the end (empty when converged). */
  problems: Problem[];
  /** Records read from each side in the last snapshot (the systems: live ones only). */
  observed: ObservedCounts;
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
  let observed: ObservedCounts = { catalog: 0 };
  let lastReport = 0;
  for (;;) {
    try {
      const snapshot = await read();
      observed = countsOf(snapshot);
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
        .map(
          (p) =>
            `${p.kind} ${p.record}${p.field ? ` ${p.field}` : ''}${p.system ? ` (${p.system})` : ''}`,
        );
      say(`not converged yet: ${problems.length} differences (${sample.join('; ')})`);
    }
    await sleep(2000);
  }
}
