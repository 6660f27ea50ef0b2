import { connectorInboundTopic, inboundChangeKey } from '@concord/model';
import { anInboundChange } from '@concord/testing';
import { Kafka, logLevel } from 'kafkajs';
import type { Pool } from 'pg';

import type { Figure } from '../compare/figures';
import { CostMeter } from '../cost/cost-meter';
import type { CostReading } from '../cost/window-cost';
import { BENCH_QUERY_TAG } from '../counters/sql-statements';
import { benchBrokers } from '../services/bench-broker';
import { benchPool } from '../services/bench-pool';
import type { AppTree } from '../world/app-tree';
import { type BenchTenant, BenchWorld } from '../world/bench-world';
import { CatalogClient } from '../world/catalog-client';
import { pollUntil, stageCostFigures } from './stage-figures';

const TENANTS = 10;
const PRODUCE_BATCH = 1_000;

async function connectionIdOf(tenant: BenchTenant): Promise<string> {
  const view = CatalogClient.expectOk(
    await tenant.catalog.get<{ connectionId: string }>('/v1/integrations/stripe'),
    'integration not read',
  );
  return view.connectionId;
}

/** `count` valid inbound customer upserts (the contract's envelope) spread over the tenants. */
async function fillInboundTopic(
  topic: string,
  tenants: Array<{ tenantId: string; connectionId: string }>,
  count: number,
): Promise<void> {
  const kafka = new Kafka({
    clientId: 'bench-inbound-fill',
    brokers: benchBrokers(),
    logLevel: logLevel.NOTHING,
  });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    for (let first = 0; first < count; first += PRODUCE_BATCH) {
      const messages = [];
      for (let i = first; i < Math.min(count, first + PRODUCE_BATCH); i += 1) {
        const tenant = tenants[i % tenants.length] as { tenantId: string; connectionId: string };
        const change = anInboundChange({
          tenant: tenant.tenantId,
          connectionId: tenant.connectionId,
          system: 'stripe',
          externalId: `cus_bench${i}`,
          content: { name: `Bench ${i}`, email: `in-${i}@bench.example` },
        });
        messages.push({
          key: inboundChangeKey(change.tenant, change.data.externalId),
          value: JSON.stringify(change),
        });
      }
      await producer.send({ topic, acks: -1, messages });
    }
  } finally {
    await producer.disconnect();
  }
}

/**
 * catalog-service's inbound applier draining a pre-filled inbound topic: `count` customer upserts
 * (contract format) over 10 tenants connected to Stripe, written while the applier is off
 * (INBOUND_APPLIER_ENABLED=false; the connector stopped, so nothing else consumes or produces),
 * then catalog-service restarted with it on. Timed from the first customer applied to the last;
 * costed from the first applied until the relay has published every resulting catalog event.
 */
export async function applierDrainStage(
  tree: AppTree,
  count: number,
  log: (line: string) => void,
): Promise<Figure[]> {
  const world = new BenchWorld({ tree });
  let meter: CostMeter | undefined;
  let pool: Pool | undefined;
  try {
    await world.start();
    const tenants: BenchTenant[] = [];
    for (let i = 0; i < TENANTS; i += 1) tenants.push(await world.newTenant());
    await Promise.all(tenants.map((tenant) => world.connectStripe(tenant)));
    const connected = await Promise.all(
      tenants.map(async (t) => ({ tenantId: t.tenantId, connectionId: await connectionIdOf(t) })),
    );
    for (const connector of world.connectors) await connector.stop();
    await world.catalog.restart({ INBOUND_APPLIER_ENABLED: 'false' });
    log(`applier stage (${tree.label}): writing ${count} inbound changes over ${TENANTS} tenants`);
    await fillInboundTopic(`${world.prefix}${connectorInboundTopic('stripe')}`, connected, count);

    pool = benchPool({ connectionString: world.database.url, max: 1 });
    const ids = connected.map((t) => t.tenantId);
    const current = pool;
    const applied = async (): Promise<number> =>
      (
        await current.query<{ n: number }>(
          `SELECT ${BENCH_QUERY_TAG} count(*)::int AS n FROM customers WHERE tenant_id = ANY($1)`,
          [ids],
        )
      ).rows[0]?.n ?? 0;
    const unpublished = async (): Promise<number> =>
      (
        await current.query<{ n: number }>(
          `SELECT ${BENCH_QUERY_TAG} count(*)::int AS n FROM outbox WHERE published_at IS NULL`,
        )
      ).rows[0]?.n ?? 0;
    meter = await CostMeter.open(world, log);
    const activeMeter = meter;
    let first: { reading: CostReading; count: number } | undefined;
    let lastAppliedAt = 0;
    const drained = pollUntil(applied, (n) => n >= count, {
      everyMs: 100,
      onValue: async (n) => {
        if (!first && n > 0) first = { reading: await activeMeter.read(), count: n };
        lastAppliedAt = performance.now();
      },
    });
    await world.catalog.restart({ INBOUND_APPLIER_ENABLED: 'true' });
    await drained;
    const appliedAt = lastAppliedAt;
    await pollUntil(unpublished, (n) => n === 0, { everyMs: 100 });
    const last = await meter.read();
    await meter.measureIdle(3_000);
    await meter.logHeaviestStatements();
    const start = first as { reading: CostReading; count: number };
    const perSecond = (count - start.count) / ((appliedAt - start.reading.atMs) / 1000);
    log(`applier stage (${tree.label}): ${count} changes applied, ${perSecond.toFixed(0)}/s`);
    return [
      { key: 'applier drain', value: perSecond, unit: 'changes/s' },
      ...stageCostFigures(
        'applier drain',
        'change',
        meter.costBetween(start.reading, last, count - start.count),
      ),
    ];
  } finally {
    await meter?.close().catch(() => undefined);
    await pool?.end().catch(() => undefined);
    await world.stop();
  }
}
