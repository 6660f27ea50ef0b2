import { measureSimulatorHttp } from './baselines/http-baseline';
import { measureKafka } from './baselines/kafka-baseline';
import { measurePostgres } from './baselines/postgres-baseline';
import { type BenchOptions, parseBenchOptions } from './cli/bench-options';
import { runBenchMain } from './cli/run-main';
import { benchAgainst } from './compare/against';
import { type Figure, renderFigures } from './compare/figures';
import { measureOutboxDrain } from './outbox/outbox-drain';
import { type PipelinePlan, pipelinePlan } from './pipeline/pipeline-plan';
import { baselineRows, directionRows, outboxDrainRows } from './pipeline/pipeline-report';
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
import { benchBrokers, startBenchBroker, stopBenchBroker } from './services/bench-broker';

const log = (line: string): void => void process.stdout.write(`[bench:pipeline] ${line}\n`);

/** One run of this tree: both directions (cost, latency), the raw baselines, the outbox drain. */
async function fullRun(options: BenchOptions, plan: PipelinePlan): Promise<void> {
  const session = await startSession(undefined, plan, log);
  const { rig } = session;
  try {
    const outbound = await measureDirection(session, 'outbound', plan, log, true);
    const inbound = await measureDirection(session, 'inbound', plan, log, true);
    const figures: Figure[] = [
      ...outbound.figures,
      ...inbound.figures,
      ...(await memoryFigures(session)),
    ];
    const results = [outbound.result, inbound.result];

    await rig.settle();
    log('baselines: kafka, postgres, simulator http');
    const eventBytes = rig.eventBytes || 1500;
    const baselines = [
      await measureKafka({
        brokers: benchBrokers(),
        topicPrefix: rig.world.prefix,
        messages: plan.kafkaMessages,
        messageBytes: eventBytes,
        concurrency: 16,
      }),
      await measurePostgres({
        databaseUrl: rig.world.database.url,
        transactions: plan.postgresTransactions,
        concurrency: 8,
        payloadBytes: eventBytes,
      }),
      await measureSimulatorHttp(
        rig.world.stripeClient(`sk_test_baseline${Date.now()}`),
        plan.httpRequests,
        8,
      ),
    ];
    log(`outbox drain: ${plan.outboxRows} rows, by the relay and by Debezium`);
    const drains = await measureOutboxDrain({
      brokers: benchBrokers(),
      rows: plan.outboxRows,
      payloadBytes: eventBytes,
      log,
    });
    const rows = [
      ...results.flatMap((result) => directionRows(result, baselines)),
      ...baselineRows(baselines),
      ...outboxDrainRows(drains),
    ];
    const title = `Concord pipeline (${plan.tenants} tenants, 1 connector, catalog event ${eventBytes} B)`;
    process.stdout.write(`${renderTable(title, rows)}\n`);
    process.stdout.write(
      `${renderFigures('Cost per change (CPU from /proc, idle rates taken out; requests and statements server-side)', figures)}\n`,
    );
    for (const b of baselines) log(`baseline ${b.name}: ${b.what}`);
    if (options.json)
      log(
        `results: ${writeResultsFile('pipeline', rows, { plan, results, baselines, drains, figures })}`,
      );
  } finally {
    await stopSession(session);
  }
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
        (tree) => costRun(tree, plan, log),
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
