import type { Figure } from '../compare/figures';
import type { CostMeter } from '../cost/cost-meter';
import type { WindowCost } from '../cost/window-cost';
import type { PhaseResult } from './flow-probe';
import type { PipelineRig } from './pipeline-rig';

/**
 * Runs one phase between two cost readings. Both readings follow a settle (every consumer group
 * caught up), so the window holds the whole work of the phase's changes, the echoes and outcomes
 * that follow an arrival included, and nothing of the phase before.
 */
export async function measureCost(
  rig: PipelineRig,
  meter: CostMeter,
  phase: () => Promise<PhaseResult>,
): Promise<{ result: PhaseResult; cost: WindowCost }> {
  await rig.settle();
  const before = await meter.read();
  const result = await phase();
  await rig.settle();
  const after = await meter.read();
  return { result, cost: meter.costBetween(before, after, result.sent - result.failed) };
}

/** A window's cost as figures: CPU per process and in total, produce requests, SQL statements. */
export function costFigures(label: string, cost: WindowCost): Figure[] {
  return [
    { key: `${label} CPU total`, value: cost.cpuMsPerChange, unit: 'ms/change' },
    ...cost.processes.map((p) => ({
      key: `${label} CPU ${p.name}`,
      value: p.msPerChange,
      unit: 'ms/change',
    })),
    {
      key: `${label} Kafka produce requests`,
      value: cost.produceRequestsPerChange,
      unit: '/change',
    },
    { key: `${label} SQL statements`, value: cost.sqlStatementsPerChange, unit: '/change' },
    { key: `${label} external API calls`, value: cost.apiCallsPerChange, unit: '/change' },
  ];
}
