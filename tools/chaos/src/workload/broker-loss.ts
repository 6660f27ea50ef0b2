import type { ChaosBroker } from '../services/chaos-broker';
import type { Convergence } from '../verify/convergence';
import type { ChaosWorld } from '../world/chaos-world';
import type { Workload } from './workload';

/** Workload operations after the broker came back without its data (on both sides). */
export const WRITES_AFTER_BROKER_LOSS = 24;

export interface BrokerLossResult {
  /** The sides agreed before the broker lost its data (nothing was in flight with it). */
  settledBefore: boolean;
  /** Seconds the apps were down: stopped, broker wiped and started, apps started again. */
  downSeconds: number;
  /** Workload operations made afterwards. */
  writesAfter: number;
  detail: string;
}

/**
 * "The broker lost its data", as a deliberate phase after the workload (like the mass delete):
 * once both sides agree, every app stops, the broker is stopped and its data deleted (what
 * `npm run kafka -- reset` does) while PostgreSQL keeps its own, then the broker and the apps start
 * again and the workload writes on both sides. The final convergence must then pass with no
 * operator: connections published again by catalog-service, links rebuilt from its identity map.
 * Not a random in-workload fault: events in flight when the broker loses its data are gone with
 * it, and only a reconciliation would bring them back.
 */
export async function brokerLostItsData(
  world: ChaosWorld,
  broker: ChaosBroker,
  workload: Workload,
  settle: () => Promise<Convergence>,
  say: (line: string) => void,
): Promise<BrokerLossResult> {
  say('broker lost its data: waiting until both sides agree');
  const settled = await settle();
  const settledBefore = settled.convergedAfterMs !== null;
  const stoppedAt = Date.now();
  await world.stopApps();
  await broker.reset();
  await broker.start();
  await world.startApps();
  const downSeconds = (Date.now() - stoppedAt) / 1000;
  say(`broker lost its data: apps back after ${downSeconds.toFixed(1)} s; writing on both sides`);
  const before = workload.stats.total;
  for (let i = 0; i < WRITES_AFTER_BROKER_LOSS; i += 1) await workload.step();
  const writesAfter = workload.stats.total - before;
  const detail =
    `${settledBefore ? 'settled' : `NOT settled (${settled.problems.length} differences)`} before; ` +
    `apps down ${downSeconds.toFixed(1)} s; ${writesAfter} operations after`;
  say(`broker lost its data: ${detail}`);
  return { settledBefore, downSeconds, writesAfter, detail };
}
