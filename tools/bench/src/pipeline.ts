import { measureSimulatorHttp } from './baselines/http-baseline';
import { measureKafka } from './baselines/kafka-baseline';
import { measurePostgres } from './baselines/postgres-baseline';
import { parseBenchOptions } from './cli/bench-options';
import { measureOutboxDrain } from './outbox/outbox-drain';
import type { FlowProbe } from './pipeline/flow-probe';
import { type PipelinePlan, pipelinePlan } from './pipeline/pipeline-plan';
import {
  baselineRows,
  type DirectionResult,
  directionRows,
  outboxDrainRows,
} from './pipeline/pipeline-report';
import { PipelineRig } from './pipeline/pipeline-rig';
import { describeMachine, machineLine } from './report/machine';
import { writeResultsFile } from './report/results-file';
import { renderTable } from './report/results-table';
import { benchBrokers, startBenchBroker, stopBenchBroker } from './services/bench-broker';

const log = (line: string): void => void process.stdout.write(`[bench:pipeline] ${line}\n`);

async function settle(rig: PipelineRig): Promise<void> {
  const lag = await rig.settle();
  if (lag > 0) log(`warning: consumers still ${lag} messages behind; measuring anyway`);
}

async function measureDirection(
  rig: PipelineRig,
  probe: FlowProbe,
  direction: DirectionResult['direction'],
  what: string,
  plan: PipelinePlan,
): Promise<DirectionResult> {
  await settle(rig);
  log(`${direction}: saturating for ${plan.sustainedWindowMs / 1000} s`);
  const sustained = await probe.sustained(
    plan.saturationConcurrency,
    plan.sustainedWindowMs,
    plan.warmupMs,
    plan.maxBacklog,
  );
  log(
    `${direction}: sustained ${sustained.sustainedPerSecond.toFixed(1)}/s (entry accepted ${sustained.acceptedPerSecond.toFixed(1)}/s, backlog capped at ${plan.maxBacklog})`,
  );
  const loads: DirectionResult['loads'] = [];
  for (const fraction of plan.loadFractions) {
    await settle(rig);
    const offeredPerSecond = Math.max(1, sustained.sustainedPerSecond * fraction);
    log(`${direction}: offering ${offeredPerSecond.toFixed(1)}/s (${fraction * 100}%)`);
    const result = await probe.offered(offeredPerSecond, plan.loadWindowMs);
    log(
      `${direction}: p50 ${result.latency.p50.toFixed(0)} ms, p99 ${result.latency.p99.toFixed(0)} ms, ${result.arrived}/${result.sent} arrived`,
    );
    loads.push({ fraction, offeredPerSecond, result });
  }
  return { direction, what, sustained, loads };
}

async function main(): Promise<void> {
  const options = parseBenchOptions(process.argv.slice(2), []);
  const plan = pipelinePlan(options.quick, options.tenants);
  log(`machine: ${machineLine(describeMachine())}`);
  startBenchBroker();
  const rig = new PipelineRig(1);
  try {
    await rig.start(plan.tenants);
    log(`apps up, ${plan.tenants} tenants connected`);
    const outboundWhat = 'POST /v1/customers → customer.created webhook from Stripe';
    const inboundWhat = 'SDK customers.create → catalog event (origin stripe) on Kafka';
    const results = [
      await measureDirection(rig, rig.outbound, 'outbound', outboundWhat, plan),
      await measureDirection(rig, rig.inbound, 'inbound', inboundWhat, plan),
    ];

    await settle(rig);
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
    for (const b of baselines) log(`baseline ${b.name}: ${b.what}`);
    if (options.json)
      log(`results: ${writeResultsFile('pipeline', rows, { plan, results, baselines, drains })}`);
  } finally {
    await rig.stop();
    if (!options.keep) stopBenchBroker();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
