import type { Baseline } from '../baselines/baseline';
import type { BenchSystem } from '../cli/bench-options';
import type { OutboxDrainResult } from '../outbox/outbox-drain';
import type { ResultRow } from '../report/results-table';
import type { PhaseResult } from './flow-probe';

/** One direction's measurements: sustained throughput, then latency at offered loads. */
export interface DirectionResult {
  /** The external system (absent in results of earlier commits: Stripe). */
  system?: BenchSystem;
  direction: 'outbound' | 'inbound';
  what: string;
  sustained: PhaseResult;
  loads: Array<{ fraction: number; offeredPerSecond: number; result: PhaseResult }>;
}

const P99_TARGET_MS = 1000;

/** Figure keys of a system: Stripe's stay as they were (comparable with earlier commits). */
export function systemPrefix(system: BenchSystem | undefined): string {
  return system === undefined || system === 'stripe' ? '' : `${system} `;
}
const THROUGHPUT_SHARE_TARGET = 0.25;

/** Rows comparing a direction with the machine's raw limits and with the targets. */
export function directionRows(result: DirectionResult, baselines: Baseline[]): ResultRow[] {
  const slowest = baselines.reduce((a, b) => (b.perSecond < a.perSecond ? b : a));
  const sustained = result.sustained.sustainedPerSecond;
  const name = `${systemPrefix(result.system)}${result.direction}`;
  const rows: ResultRow[] = baselines.map((baseline) => ({
    figure: `${name} sustained throughput`,
    value: sustained,
    unit: '/s',
    baseline: { name: baseline.name, value: baseline.perSecond },
    ...(baseline === slowest
      ? {
          target: {
            text: `≥ ${THROUGHPUT_SHARE_TARGET} × slowest baseline`,
            met: sustained >= THROUGHPUT_SHARE_TARGET * slowest.perSecond,
          },
        }
      : {}),
  }));
  // The floor of one change's latency: one transaction, one Kafka hop and one HTTP call.
  const floorP50 = baselines.reduce((sum, b) => sum + b.latency.p50, 0);
  for (const load of result.loads) {
    const label = `${name} @ ${Math.round(load.fraction * 100)}% (${load.offeredPerSecond.toFixed(0)}/s)`;
    const latency = load.result.latency;
    rows.push(
      {
        figure: `${label} p50`,
        value: latency.p50,
        unit: 'ms',
        baseline: { name: 'pg+kafka+http p50', value: floorP50 },
      },
      { figure: `${label} p95`, value: latency.p95, unit: 'ms' },
      {
        figure: `${label} p99`,
        value: latency.p99,
        unit: 'ms',
        ...(load.fraction === 0.5
          ? { target: { text: `< ${P99_TARGET_MS} ms at 50%`, met: latency.p99 < P99_TARGET_MS } }
          : {}),
      },
      {
        figure: `${label} arrived`,
        value: load.result.arrived,
        unit: `of ${load.result.sent - load.result.failed}`,
        target: {
          text: 'all',
          met: load.result.arrived === load.result.sent - load.result.failed,
        },
      },
    );
  }
  return rows;
}

export function baselineRows(baselines: Baseline[]): ResultRow[] {
  return baselines.flatMap((baseline) => [
    { figure: `baseline ${baseline.name} throughput`, value: baseline.perSecond, unit: '/s' },
    { figure: `baseline ${baseline.name} p50`, value: baseline.latency.p50, unit: 'ms' },
    { figure: `baseline ${baseline.name} p99`, value: baseline.latency.p99, unit: 'ms' },
  ]);
}

/** The outbox drained by each publisher, side by side. */
export function outboxDrainRows(results: OutboxDrainResult[]): ResultRow[] {
  return results.map((result) => ({
    figure: `outbox drain by the ${result.publisher === 'relay' ? 'built-in relay' : 'Debezium connector'}`,
    value: result.perSecond,
    unit: 'rows/s',
  }));
}
