import { parseBenchOptions } from './cli/bench-options';
import { runBenchMain } from './cli/run-main';
import type { PhaseResult } from './pipeline/flow-probe';
import { pipelinePlan } from './pipeline/pipeline-plan';
import { PipelineRig } from './pipeline/pipeline-rig';
import { describeMachine, machineLine } from './report/machine';
import { writeResultsFile } from './report/results-file';
import { renderTable, type ResultRow } from './report/results-table';
import { startBenchBroker, stopBenchBroker } from './services/bench-broker';

const log = (line: string): void => void process.stdout.write(`[bench:scale] ${line}\n`);

interface ReplicaResult {
  replicas: number;
  outbound: PhaseResult;
  inbound: PhaseResult;
}

async function measureReplicas(
  replicas: number,
  quick: boolean,
  tenants?: number,
): Promise<ReplicaResult> {
  const plan = pipelinePlan(quick, tenants);
  const rig = new PipelineRig(replicas);
  try {
    await rig.start(plan.tenants);
    log(`${replicas} connector replica(s), ${plan.tenants} tenants: measuring`);
    const sustained = async (direction: 'outbound' | 'inbound'): Promise<PhaseResult> => {
      await rig.settle();
      const probe = direction === 'outbound' ? rig.outbound : rig.inbound;
      const result = await probe.sustained(
        plan.saturationConcurrency,
        plan.sustainedWindowMs,
        plan.warmupMs,
        plan.maxBacklog,
      );
      log(`${replicas} replica(s) ${direction}: ${result.sustainedPerSecond.toFixed(1)}/s`);
      return result;
    };
    return { replicas, outbound: await sustained('outbound'), inbound: await sustained('inbound') };
  } finally {
    await rig.stop();
  }
}

function scaleRows(one: ReplicaResult, two: ReplicaResult): ResultRow[] {
  return (['outbound', 'inbound'] as const).flatMap((direction) => [
    {
      figure: `${direction} sustained, 1 replica`,
      value: one[direction].sustainedPerSecond,
      unit: '/s',
    },
    {
      figure: `${direction} sustained, 2 replicas`,
      value: two[direction].sustainedPerSecond,
      unit: '/s',
      baseline: { name: '1 replica', value: one[direction].sustainedPerSecond },
    },
  ]);
}

async function main(): Promise<void> {
  const options = parseBenchOptions(process.argv.slice(2), []);
  log(`machine: ${machineLine(describeMachine())}`);
  startBenchBroker();
  try {
    const one = await measureReplicas(1, options.quick, options.tenants);
    const two = await measureReplicas(2, options.quick, options.tenants);
    const rows = scaleRows(one, two);
    process.stdout.write(`${renderTable('Concord connector replicas (same machine)', rows)}\n`);
    if (options.json) log(`results: ${writeResultsFile('scale', rows, { one, two })}`);
  } finally {
    if (!options.keep) stopBenchBroker();
  }
}

runBenchMain(main);
