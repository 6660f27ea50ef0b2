import type { Figure } from '../compare/figures';
import type { WindowCost } from '../cost/window-cost';

/** A stage's cost as figures per `unit` (row, change, create): CPU per process, requests, statements. */
export function stageCostFigures(stage: string, unit: string, cost: WindowCost): Figure[] {
  return [
    { key: `${stage} CPU total`, value: cost.cpuMsPerChange, unit: `ms/${unit}` },
    ...cost.processes.map((p) => ({
      key: `${stage} CPU ${p.name}`,
      value: p.msPerChange,
      unit: `ms/${unit}`,
    })),
    {
      key: `${stage} Kafka produce requests`,
      value: cost.produceRequestsPerChange,
      unit: `/${unit}`,
    },
    { key: `${stage} SQL statements`, value: cost.sqlStatementsPerChange, unit: `/${unit}` },
  ];
}

/** Polls `read` every `everyMs` until `done(value)` or `timeoutMs` without progress. */
export async function pollUntil(
  read: () => Promise<number>,
  done: (value: number) => boolean,
  options: {
    everyMs?: number;
    stallMs?: number;
    onValue?: (value: number) => Promise<void> | void;
  },
): Promise<number> {
  const everyMs = options.everyMs ?? 100;
  const stallMs = options.stallMs ?? 120_000;
  let last = -1;
  let lastProgress = Date.now();
  for (;;) {
    const value = await read();
    await options.onValue?.(value);
    if (done(value)) return value;
    if (value !== last) {
      last = value;
      lastProgress = Date.now();
    } else if (Date.now() - lastProgress > stallMs) {
      throw new Error(`no progress for ${stallMs / 1000} s (stuck at ${value})`);
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
