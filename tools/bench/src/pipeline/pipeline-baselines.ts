import type { Baseline } from '../baselines/baseline';
import { measureSimulatorHttp } from '../baselines/http-baseline';
import { measureKafka } from '../baselines/kafka-baseline';
import { measurePostgres } from '../baselines/postgres-baseline';
import { measureOutboxDrain, type OutboxDrainResult } from '../outbox/outbox-drain';
import { benchBrokers } from '../services/bench-broker';
import type { PipelinePlan } from './pipeline-plan';
import type { PipelineRig } from './pipeline-rig';
import type { Log } from './pipeline-run';

export interface PipelineBaselines {
  baselines: Baseline[];
  drains: OutboxDrainResult[];
  /** The catalog customer event's size the baselines were taken with. */
  eventBytes: number;
}

/**
 * The machine's raw limits on the rig's deployment (Kafka, PostgreSQL, the Stripe simulator's
 * HTTP), with messages the size of a real catalog event, and the outbox drained by each publisher.
 */
export async function measureBaselines(
  rig: PipelineRig,
  plan: PipelinePlan,
  log: Log,
): Promise<PipelineBaselines> {
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
  return { baselines, drains, eventBytes };
}
