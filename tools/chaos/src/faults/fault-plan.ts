import type { SeededRandom } from '../seeded-random';

/** Faults that stop a process or a backing service (one at a time). */
export const PROCESS_FAULTS = [
  'kill-connector-0',
  'kill-connector-1',
  'kill-connectors-all',
  'kill-connector-salesforce',
  'kill-connector-xero',
  'kill-catalog-service',
  'kill-relay',
  'restart-broker',
  'restart-postgres',
  'crash-connector-after-external-write',
  'crash-catalog-before-commit',
] as const;

/** Faults the Stripe simulator injects through its control API (one at a time). */
export const SIMULATOR_FAULTS = [
  'storm-429',
  'errors-5xx',
  'latency',
  'webhook-duplicate',
  'webhook-delay',
  'webhook-reorder',
] as const;

export type ProcessFault = (typeof PROCESS_FAULTS)[number];
export type SimulatorFault = (typeof SIMULATOR_FAULTS)[number];
export type FaultKind = ProcessFault | SimulatorFault;
export const FAULT_KINDS: readonly FaultKind[] = [...PROCESS_FAULTS, ...SIMULATOR_FAULTS];

export interface PlannedFault<K extends FaultKind = FaultKind> {
  kind: K;
  /** Wait before injecting it (after the previous fault of the same track ended). */
  gapMs: number;
  /** How long it lasts (a process stays down, a storm blows) before recovery starts. */
  holdMs: number;
}

export interface FaultPlan {
  process: PlannedFault<ProcessFault>[];
  simulator: PlannedFault<SimulatorFault>[];
}

/** The fault kinds of a run: a system's connector kill only when that system is in it. */
export function faultKindsFor(systems: readonly string[]): FaultKind[] {
  return FAULT_KINDS.filter((kind) => {
    const system = /^kill-connector-(salesforce|xero)$/.exec(kind)?.[1];
    return system === undefined || systems.includes(system);
  });
}

/**
 * Two tracks of faults at seeded random points, each kind `rounds` times in a seeded order, spread
 * over the workload's span. Process faults take longer (a restart waits for readiness), so their
 * gaps are shorter. `kinds` leaves kinds out (all by default).
 */
export function planFaults(
  random: SeededRandom,
  rounds: number,
  spanMs: number,
  kinds: readonly FaultKind[] = FAULT_KINDS,
): FaultPlan {
  const track = <K extends FaultKind>(kinds: readonly K[], budgetShare: number) => {
    const order = random.shuffle(kinds.flatMap((kind) => Array<K>(rounds).fill(kind)));
    const meanGap = (spanMs * budgetShare) / order.length;
    return order.map((kind) => ({
      kind,
      gapMs: Math.round(meanGap * (0.4 + random.next() * 1.2)),
      holdMs: random.int(3000, 7000),
    }));
  };
  const planned = <K extends FaultKind>(all: readonly K[]) => all.filter((k) => kinds.includes(k));
  return {
    process: track(planned(PROCESS_FAULTS), 0.35),
    simulator: track(planned(SIMULATOR_FAULTS), 0.45),
  };
}
