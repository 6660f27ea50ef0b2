import type { BenchSystem } from '../cli/bench-options';
import type { Figure } from '../compare/figures';
import { CostMeter } from '../cost/cost-meter';
import type { AppTree } from '../world/app-tree';
import { BENCH_REDIS_URL } from '../world/bench-world';
import { PeakMemorySampler } from '../world/process-memory';
import { redisDatabaseBytes } from '../world/redis-memory';
import type { FlowProbe } from './flow-probe';
import { costFigures, measureCost } from './pipeline-costs';
import type { PipelinePlan } from './pipeline-plan';
import { type DirectionResult, systemPrefix } from './pipeline-report';
import { PipelineRig } from './pipeline-rig';

export type Log = (line: string) => void;

/** A running deployment with its cost meter, idle rates measured, and a memory sampler. */
export interface PipelineSession {
  rig: PipelineRig;
  meter: CostMeter;
  memory: PeakMemorySampler;
}

export async function startSession(
  tree: AppTree | undefined,
  plan: PipelinePlan,
  log: Log,
  system: BenchSystem = 'stripe',
): Promise<PipelineSession> {
  const rig = new PipelineRig(1, tree, system);
  try {
    await rig.start(plan.tenants);
    log(
      `${rig.world.tree.label}: apps up (${rig.world.apps.map((a) => a.name).join(', ')}), ${plan.tenants} tenants connected`,
    );
    const meter = await CostMeter.open(rig.world, log);
    const memory = new PeakMemorySampler(() =>
      rig.world.apps.map((a) => ({ name: a.name, pid: a.process.pid })),
    );
    memory.start(500);
    await rig.settle();
    await meter.measureIdle(plan.idleWindowMs);
    return { rig, meter, memory };
  } catch (error) {
    await rig.stop();
    throw error;
  }
}

export async function stopSession(session: PipelineSession): Promise<void> {
  session.memory.stop();
  await session.meter.close().catch(() => undefined);
  await session.rig.stop();
}

/**
 * One direction: sustained throughput and its cost per change, the cost and latency at the plan's
 * fixed rate (50/s), then (with `latency`) p50/p95/p99 at the plan's fractions of sustained.
 */
export async function measureDirection(
  session: PipelineSession,
  direction: DirectionResult['direction'],
  plan: PipelinePlan,
  log: Log,
  latency: boolean,
): Promise<{ result: DirectionResult; figures: Figure[] }> {
  const { rig, meter } = session;
  const probe: FlowProbe = direction === 'outbound' ? rig.outbound : rig.inbound;
  const name = `${systemPrefix(rig.system)}${direction}`;
  log(`${name}: saturating for ${plan.sustainedWindowMs / 1000} s`);
  const sustained = await measureCost(rig, meter, () =>
    probe.sustained(
      plan.saturationConcurrency,
      plan.sustainedWindowMs,
      plan.warmupMs,
      plan.maxBacklog,
    ),
  );
  log(
    `${name}: sustained ${sustained.result.sustainedPerSecond.toFixed(1)}/s (entry accepted ${sustained.result.acceptedPerSecond.toFixed(1)}/s), CPU ${sustained.cost.cpuMsPerChange.toFixed(1)} ms/change`,
  );
  const rate = fixedRate(rig.system, plan, sustained.result.sustainedPerSecond);
  const fixed = await measureCost(rig, meter, () => probe.offered(rate, plan.loadWindowMs));
  log(
    `${name} @ ${rate}/s: p50 ${fixed.result.latency.p50.toFixed(0)} ms, p99 ${fixed.result.latency.p99.toFixed(0)} ms, CPU ${fixed.cost.cpuMsPerChange.toFixed(1)} ms/change, ${fixed.result.arrived}/${fixed.result.sent} arrived`,
  );
  const figures: Figure[] = [
    {
      key: `${name} sustained throughput`,
      value: sustained.result.sustainedPerSecond,
      unit: '/s',
    },
    ...costFigures(`${name} @ sustained`, sustained.cost),
    { key: `${name} @ ${rate}/s p50`, value: fixed.result.latency.p50, unit: 'ms' },
    { key: `${name} @ ${rate}/s p99`, value: fixed.result.latency.p99, unit: 'ms' },
    ...costFigures(`${name} @ ${rate}/s`, fixed.cost),
  ];
  const loads: DirectionResult['loads'] = [];
  for (const fraction of latency ? plan.loadFractions : []) {
    await rig.settle();
    const offeredPerSecond = Math.max(1, sustained.result.sustainedPerSecond * fraction);
    log(`${name}: offering ${offeredPerSecond.toFixed(1)}/s (${fraction * 100}%)`);
    const result = await probe.offered(offeredPerSecond, plan.loadWindowMs);
    log(
      `${name}: p50 ${result.latency.p50.toFixed(0)} ms, p99 ${result.latency.p99.toFixed(0)} ms, ${result.arrived}/${result.sent} arrived`,
    );
    loads.push({ fraction, offeredPerSecond, result });
  }
  const what = direction === 'outbound' ? rig.ends.outboundWhat : rig.ends.inboundWhat;
  return {
    result: { system: rig.system, direction, what, sustained: sustained.result, loads },
    figures,
  };
}

/**
 * The fixed rate cost and latency are also taken at: the plan's (50/s) for Stripe; for a system
 * whose connector keeps to a lower limit (Xero: 60 calls a minute per organisation), at most half
 * its sustained throughput, so the figure is a latency and not a queue.
 */
function fixedRate(system: BenchSystem, plan: PipelinePlan, sustainedPerSecond: number): number {
  if (system === 'stripe') return plan.fixedPerSecond;
  return Math.max(1, Math.min(plan.fixedPerSecond, Math.floor(sustainedPerSecond / 2)));
}

/** Peak memory (VmHWM) of every process of the deployment, and the Redis memory of its keys. */
export async function memoryFigures(session: PipelineSession): Promise<Figure[]> {
  const peaks = session.memory.peaks();
  const redisBytes = await redisDatabaseBytes(BENCH_REDIS_URL).catch(() => Number.NaN);
  const prefix = systemPrefix(session.rig.system);
  return [
    ...Object.entries(peaks).map(([name, mib]) => ({
      key: `${prefix}peak memory ${name}`,
      value: mib,
      unit: 'MiB',
    })),
    { key: `${prefix}Redis memory (bench keys)`, value: redisBytes / 1024 ** 2, unit: 'MiB' },
  ];
}

/**
 * A whole cost run of one tree: per system, a fresh deployment, both directions, memory; for
 * --against.
 */
export async function costRun(
  tree: AppTree,
  plan: PipelinePlan,
  log: Log,
  systems: readonly BenchSystem[] = ['stripe'],
): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const system of systems) {
    const session = await startSession(tree, plan, log, system);
    try {
      for (const direction of ['outbound', 'inbound'] as const)
        figures.push(...(await measureDirection(session, direction, plan, log, false)).figures);
      figures.push(...(await memoryFigures(session)));
    } finally {
      await stopSession(session);
    }
  }
  return figures;
}
