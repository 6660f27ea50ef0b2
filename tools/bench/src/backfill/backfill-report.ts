import type { ResultRow } from '../report/results-table';
import { growthExponent } from '../stats/percentiles';
import type { BackfillResult } from './backfill-run';

/** Time may grow at most this much faster than size (10× the records, at most ~11.2× the time). */
const MAX_GROWTH_EXPONENT = 1.05;
/** Peak memory at the largest size may exceed the smallest size's by at most this factor. */
const MAX_MEMORY_GROWTH = 1.25;

export function backfillRows(results: BackfillResult[]): ResultRow[] {
  const rows: ResultRow[] = [];
  for (const direction of ['import', 'export'] as const) {
    const runs = results.filter((r) => r.direction === direction).sort((a, b) => a.size - b.size);
    for (const run of runs) {
      rows.push(
        {
          figure: `${direction} ${run.size.toLocaleString('en-US')} records/s`,
          value: run.recordsPerSecond,
          unit: '/s',
        },
        {
          figure: `${direction} ${run.size.toLocaleString('en-US')} time`,
          value: run.seconds,
          unit: 's',
        },
        {
          figure: `${direction} ${run.size.toLocaleString('en-US')} settled`,
          value: run.settledSeconds,
          unit: 's',
        },
      );
      for (const [name, mib] of Object.entries(run.peakMiB))
        rows.push({
          figure: `${direction} ${run.size.toLocaleString('en-US')} peak ${name}`,
          value: mib,
          unit: 'MiB',
        });
    }
    const small = runs[0];
    const large = runs[runs.length - 1];
    if (!small || !large || large.size <= small.size) continue;
    const exponent = growthExponent(
      { size: small.size, seconds: small.seconds },
      { size: large.size, seconds: large.seconds },
    );
    rows.push({
      figure: `${direction} time growth exponent (${small.size}→${large.size})`,
      value: exponent,
      unit: '',
      target: {
        text: `≤ ${MAX_GROWTH_EXPONENT} (linear = 1)`,
        met: exponent <= MAX_GROWTH_EXPONENT,
      },
    });
    for (const [name, largePeak] of Object.entries(large.peakMiB)) {
      const smallPeak = small.peakMiB[name];
      if (smallPeak === undefined) continue;
      rows.push({
        figure: `${direction} peak ${name} at ${large.size} vs ${small.size}`,
        value: largePeak,
        unit: 'MiB',
        baseline: { name: `at ${small.size}`, value: smallPeak },
        target: {
          text: `≤ ${MAX_MEMORY_GROWTH} × (flat)`,
          met: largePeak <= MAX_MEMORY_GROWTH * smallPeak,
        },
      });
    }
  }
  return rows;
}
