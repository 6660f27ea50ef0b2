import type { ChaosOptions } from '../chaos-options';
import { sleep } from '../clients/retry';
import type { Workload } from './workload';

/** What the paced workers need of the run: when to stop, and where to report progress. */
export interface WorkerEnvironment {
  say(line: string): void;
  interrupted(): boolean;
}

/** Paced workers: one operation per slot, until the span, the count and the faults are done. */
export async function runWorkload(
  workload: Workload,
  options: ChaosOptions,
  faultsDone: () => boolean,
  env: WorkerEnvironment,
): Promise<void> {
  const started = Date.now();
  const intervalMs = options.workloadMs / (options.minOperations * 1.15);
  let slot = 0;
  const done = () =>
    env.interrupted() ||
    (Date.now() - started >= options.workloadMs &&
      workload.stats.total >= options.minOperations &&
      faultsDone());
  const worker = async () => {
    while (!done()) {
      const due = started + slot * intervalMs;
      slot += 1;
      if (due > Date.now()) await sleep(due - Date.now());
      await workload.step();
      if (slot % 50 === 0) env.say(`${workload.stats.total} operations`);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
}
