import { type BenchOptions, type BenchSystem, parseBenchOptions } from './cli/bench-options';
import { runBenchMain } from './cli/run-main';
import { benchAgainst } from './compare/against';
import { type Figure, renderFigures } from './compare/figures';
import { measureBaselines, type PipelineBaselines } from './pipeline/pipeline-baselines';
import { type PipelinePlan, pipelinePlan } from './pipeline/pipeline-plan';
import {
  baselineRows,
  type DirectionResult,
  directionRows,
  outboxDrainRows,
} from './pipeline/pipeline-report';
import {
  costRun,
  measureDirection,
  memoryFigures,
  startSession,
  stopSession,
} from './pipeline/pipeline-run';
import { describeMachine, machineLine } from './report/machine';
import { writeResultsFile } from './report/results-file';
import { renderTable } from './report/results-table';
import { startBenchBroker, stopBenchBroker } from './services/bench-broker';

const log = (line: string): void => void process.stdout.write(`[bench:pipeline] ${line}\n`);

/**
 * Both directions (cost, latency) of one system, on a deployment of its own; with `baselines`, the
 * raw baselines and the outbox drain afterwards on the same deployment.
 */
async function systemRun(
  system: BenchSystem,
  plan: PipelinePlan,
  baselines: boolean,
): Promise<{ results: DirectionResult[]; figures: Figure[]; baselines?: PipelineBaselines }> {
  const session = await startSession(undefined, plan, log, system);
  try {
    const outbound = await measureDirection(session, 'outbound', plan, log, true);
    const inbound = await measureDirection(session, 'inbound', plan, log, true);
    if (system === 'salesforce') {
      const latency = inbound.result.loads.find((l) => l.fraction === 0.5)?.result.latency;
      if (latency)
        log(
          `salesforce change-event latency (Account created in the org → catalog event, at 50%): p50 ${latency.p50.toFixed(0)} ms, p99 ${latency.p99.toFixed(0)} ms`,
        );
    }
    const figures = [...outbound.figures, ...inbound.figures, ...(await memoryFigures(session))];
    return {
      results: [outbound.result, inbound.result],
      figures,
      ...(baselines ? { baselines: await measureBaselines(session.rig, plan, log) } : {}),
    };
  } finally {
    await stopSession(session);
  }
}

/**
 * One run of this tree: each system's directions on a deployment of its own (cost, latency), the
 * first one followed by the raw baselines and the outbox drain.
 */
async function fullRun(options: BenchOptions, plan: PipelinePlan): Promise<void> {
  const results: DirectionResult[] = [];
  const figures: Figure[] = [];
  let measured: PipelineBaselines | undefined;
  for (const [i, system] of options.systems.entries()) {
    const run = await systemRun(system, plan, i === 0);
    results.push(...run.results);
    figures.push(...run.figures);
    measured ??= run.baselines;
  }
  if (!measured) throw new Error('no system was run');
  const { baselines, drains, eventBytes } = measured;
  const rows = [
    ...results.flatMap((result) => directionRows(result, baselines)),
    ...baselineRows(baselines),
    ...outboxDrainRows(drains),
  ];
  const title = `Concord pipeline (${options.systems.join(', ')}; ${plan.tenants} tenants, 1 connector, catalog event ${eventBytes} B)`;
  process.stdout.write(`${renderTable(title, rows)}\n`);
  process.stdout.write(
    `${renderFigures('Cost per change (CPU from /proc, idle rates taken out; requests and statements server-side)', figures)}\n`,
  );
  for (const b of baselines) log(`baseline ${b.name}: ${b.what}`);
  if (options.json)
    log(
      `results: ${writeResultsFile('pipeline', rows, { plan, results, baselines, drains, figures })}`,
    );
}

async function main(): Promise<void> {
  const options = parseBenchOptions(process.argv.slice(2), []);
  const plan = pipelinePlan(options.quick, options.tenants);
  log(`machine: ${machineLine(describeMachine())}`);
  try {
    const against = options.against;
    if (against)
      await benchAgainst(
        'pipeline',
        `Concord pipeline against ${against} (${plan.tenants} tenants, 1 connector)`,
        { ...options, against },
        log,
        (tree) => costRun(tree, plan, log, options.systems),
        startBenchBroker,
      );
    else {
      startBenchBroker();
      await fullRun(options, plan);
    }
  } finally {
    if (!options.keep) stopBenchBroker();
  }
}

runBenchMain(main);
