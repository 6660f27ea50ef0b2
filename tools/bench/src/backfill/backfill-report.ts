import { BENCH_SYSTEMS } from '../cli/bench-options';
import type { ResultRow } from '../report/results-table';
import { growthExponent } from '../stats/percentiles';
import type { BackfillResult } from './backfill-run';
import { packedCalls, xeroTimeBoundSeconds } from './call-budget';

/** Time may grow at most this much faster than size (10× the records, at most ~11.2× the time). */
const MAX_GROWTH_EXPONENT = 1.05;
/** Peak memory at the largest size may exceed the smallest size's by at most this factor. */
const MAX_MEMORY_GROWTH = 1.25;

/**
 * The table's rows, per system (Stripe, Salesforce, Xero) and direction (import, export), each
 * size ascending. Stripe's figures keep their names (`import 10,000 time`); the others are
 * prefixed with the system and add the calls the organisation received, per record and against
 * the fewest calls possible, and for Xero the bound on time and the 429s.
 */
export function backfillRows(results: BackfillResult[]): ResultRow[] {
  const rows: ResultRow[] = [];
  for (const system of BENCH_SYSTEMS) {
    for (const direction of ['import', 'export'] as const) {
      const runs = results
        .filter((r) => r.system === system && r.direction === direction)
        .sort((a, b) => a.size - b.size);
      const prefix = system === 'stripe' ? direction : `${system} ${direction}`;
      for (const run of runs) rows.push(...runRows(prefix, run));
      rows.push(...growthRows(prefix, runs));
    }
  }
  return rows;
}

function runRows(prefix: string, run: BackfillResult): ResultRow[] {
  const name = `${prefix} ${run.size.toLocaleString('en-US')}`;
  const calls = run.externalCalls;
  const bound =
    run.system === 'xero' && calls !== undefined ? xeroTimeBoundSeconds(calls) : undefined;
  const rows: ResultRow[] = [
    { figure: `${name} records/s`, value: run.recordsPerSecond, unit: '/s' },
    {
      figure: `${name} time`,
      value: run.seconds,
      unit: 's',
      ...(bound === undefined || calls === undefined
        ? {}
        : {
            target: {
              text: `≤ ${bound} s (⌈${calls} ÷ 54⌉ min + 10 s)`,
              met: run.seconds <= bound,
            },
          }),
    },
    { figure: `${name} settled`, value: run.settledSeconds, unit: 's' },
  ];
  if (calls !== undefined && run.system !== 'stripe') {
    const fewest = packedCalls(run.system, run.direction, run.size);
    rows.push(
      {
        figure: `${name} external calls`,
        value: calls,
        unit: 'calls',
        baseline: { name: 'fewest, records packed', value: fewest },
      },
      { figure: `${name} calls per record`, value: calls / run.size, unit: '' },
    );
  }
  if (run.system === 'xero' && run.rejectedCalls !== undefined)
    rows.push({
      figure: `${name} 429 responses`,
      value: run.rejectedCalls,
      unit: '',
      target: { text: '0', met: run.rejectedCalls === 0 },
    });
  for (const [process, mib] of Object.entries(run.peakMiB))
    rows.push({ figure: `${name} peak ${process}`, value: mib, unit: 'MiB' });
  return rows;
}

function growthRows(prefix: string, runs: BackfillResult[]): ResultRow[] {
  const small = runs[0];
  const large = runs[runs.length - 1];
  if (!small || !large || large.size <= small.size) return [];
  const exponent = growthExponent(
    { size: small.size, seconds: small.seconds },
    { size: large.size, seconds: large.seconds },
  );
  const rows: ResultRow[] = [
    {
      figure: `${prefix} time growth exponent (${small.size}→${large.size})`,
      value: exponent,
      unit: '',
      target: {
        text: `≤ ${MAX_GROWTH_EXPONENT} (linear = 1)`,
        met: exponent <= MAX_GROWTH_EXPONENT,
      },
    },
  ];
  for (const [process, largePeak] of Object.entries(large.peakMiB)) {
    const smallPeak = small.peakMiB[process];
    if (smallPeak === undefined) continue;
    rows.push({
      figure: `${prefix} peak ${process} at ${large.size} vs ${small.size}`,
      value: largePeak,
      unit: 'MiB',
      baseline: { name: `at ${small.size}`, value: smallPeak },
      target: {
        text: `≤ ${MAX_MEMORY_GROWTH} × (flat)`,
        met: largePeak <= MAX_MEMORY_GROWTH * smallPeak,
      },
    });
  }
  return rows;
}
