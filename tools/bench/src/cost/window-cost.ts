import {
  costsOf,
  type CpuWindow,
  idleRate,
  type ProcessCost,
  windowBetween,
} from '../cpu/cpu-accounting';

/** The counters at one moment: CPU ms per process so far, produce requests, SQL statements. */
export interface CostReading {
  atMs: number;
  cpuMs: Map<string, number>;
  /** NaN when not counted. */
  produce: number;
  sql: number;
  /** External API calls the connectors made (counted in front of the simulator). */
  calls: number;
}

/** What the changes of one measured window cost, each figure per change, idle rates taken out. */
export interface WindowCost {
  changes: number;
  wallMs: number;
  processes: ProcessCost[];
  cpuMsPerChange: number;
  produceRequestsPerChange: number;
  sqlStatementsPerChange: number;
  apiCallsPerChange: number;
}

export interface IdleRates {
  cpu: ReadonlyMap<string, CpuWindow>;
  produce: number;
  sql: number;
  calls: number;
  wallMs: number;
}

function perChange(
  delta: number,
  idleCount: number,
  idle: IdleRates,
  wallMs: number,
  changes: number,
): number {
  const idleShare = idleRate({ cpuMs: idleCount, wallMs: idle.wallMs }) * wallMs;
  return changes > 0 ? (delta - idleShare) / changes : Number.NaN;
}

export function windowCost(
  before: CostReading,
  after: CostReading,
  changes: number,
  idle: IdleRates,
): WindowCost {
  const wallMs = after.atMs - before.atMs;
  const { processes, totalMsPerChange } = costsOf(
    windowBetween(before.cpuMs, after.cpuMs, wallMs),
    idle.cpu,
    changes,
  );
  return {
    changes,
    wallMs,
    processes,
    cpuMsPerChange: totalMsPerChange,
    produceRequestsPerChange: perChange(
      after.produce - before.produce,
      idle.produce,
      idle,
      wallMs,
      changes,
    ),
    sqlStatementsPerChange: perChange(after.sql - before.sql, idle.sql, idle, wallMs, changes),
    apiCallsPerChange: perChange(after.calls - before.calls, idle.calls, idle, wallMs, changes),
  };
}
