import type { AppProcess } from '@concord/testing';

import { sleep } from '../clients/retry';
import type { ChaosBroker } from '../services/chaos-broker';
import type { ChaosPostgres } from '../services/chaos-postgres';
import type { ChaosWorld } from '../world/chaos-world';
import type { FaultLog } from './fault-log';
import type { FaultKind, PlannedFault, ProcessFault, SimulatorFault } from './fault-plan';
import type { SimulatorControl } from './simulator-control';

/** How long an armed process may take to reach its crash point before the fault counts as failed. */
const CRASH_POINT_TIMEOUT_MS = 60_000;

/** Every Stripe route the connector and the workload call. */
const STRIPE_API = '^/v1/(customers|products|prices|invoices|invoiceitems|events|webhook)';

/** Injects one fault, holds it, and recovers from it (restarts what it stopped). */
export class FaultInjector {
  constructor(
    private readonly world: ChaosWorld,
    private readonly broker: ChaosBroker,
    private readonly postgres: ChaosPostgres,
    private readonly control: SimulatorControl,
    private readonly log: FaultLog,
    private readonly say: (line: string) => void,
  ) {}

  /** Runs a track of faults one after another; `stopped()` ends it early (Ctrl-C). */
  async runTrack(track: readonly PlannedFault[], stopped: () => boolean): Promise<void> {
    for (const fault of track) {
      const due = Date.now() + fault.gapMs;
      while (Date.now() < due && !stopped()) await sleep(Math.min(250, due - Date.now()));
      if (stopped()) return;
      const startedAt = Date.now();
      this.say(`fault ${fault.kind} (${fault.holdMs} ms)`);
      try {
        await this.inject(fault.kind, fault.holdMs);
        this.log.record(fault.kind, startedAt);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        this.log.errors.push(`${fault.kind}: ${reason.slice(0, 2000)}`);
        this.say(`fault ${fault.kind} could not be recovered from: ${reason.slice(0, 500)}`);
      }
    }
  }

  private inject(kind: FaultKind, holdMs: number): Promise<void> {
    return kind in SIMULATOR_ACTIONS
      ? this.simulatorFault(kind as SimulatorFault, holdMs)
      : this.processFault(kind as ProcessFault, holdMs);
  }

  private async processFault(kind: ProcessFault, holdMs: number): Promise<void> {
    const { world } = this;
    switch (kind) {
      case 'kill-connector-0':
      case 'kill-connector-1': {
        const index = Number(kind.slice(-1));
        await world.killConnector(index);
        await sleep(holdMs);
        return world.restartConnector(index);
      }
      case 'kill-connectors-all':
        await Promise.all([world.killConnector(0), world.killConnector(1)]);
        await sleep(holdMs);
        await world.restartConnector(0);
        return world.restartConnector(1);
      case 'kill-connector-salesforce':
      case 'kill-connector-xero': {
        const connector = world.systemConnectors.of(
          kind === 'kill-connector-xero' ? 'xero' : 'salesforce',
        );
        await connector.kill();
        await sleep(holdMs);
        return connector.restart();
      }
      case 'kill-catalog-service':
        await world.killCatalogs();
        await sleep(holdMs);
        return world.restartCatalogs();
      case 'kill-relay':
        await world.relay.kill();
        await sleep(holdMs);
        return world.relay.restart();
      case 'restart-broker':
        await this.broker.stop();
        await sleep(holdMs);
        return this.broker.start();
      case 'restart-postgres':
        await this.postgres.stop();
        await sleep(holdMs);
        return this.postgres.start();
      // The external write is made, the link and the outcome are not: after the restart the
      // connector must find what it wrote (idempotency key, Concord id) instead of writing twice.
      case 'crash-connector-after-external-write':
        return this.aimedCrash(
          world.connectors[0],
          (crashAt) => world.rearmConnector(0, crashAt),
          'after-external-write@2',
          holdMs,
          () => world.connectorCrashed(0),
        );
      // The change is applied and committed in PostgreSQL, its offset is not: the message comes
      // again and must change nothing (the inbox) and publish nothing twice.
      case 'crash-catalog-before-commit':
        return this.aimedCrash(
          world.catalogs[0],
          (crashAt) => world.rearmCatalog(0, crashAt),
          'before-offset-commit:catalog-inbound@3',
          holdMs,
        );
    }
  }

  /**
   * Restarts a process armed to kill itself at a crash point, waits until it has (a SIGKILL of its
   * own), leaves it down for the hold, and starts it again disarmed.
   */
  private async aimedCrash(
    app: AppProcess,
    restart: (crashAt: string | undefined) => Promise<void>,
    crashAt: string,
    holdMs: number,
    onCrash?: () => void,
  ): Promise<void> {
    // The armed process may reach its crash point before it reports ready (a backlog to consume
    // at start): its start then fails because it is gone, which is the crash this fault aims at.
    let startFailure: unknown = null;
    await restart(crashAt).catch((error: unknown) => (startFailure = error));
    const waitMs = startFailure === null ? CRASH_POINT_TIMEOUT_MS : 1_000;
    const exit = await Promise.race([app.exited(), sleep(waitMs).then(() => null)]);
    if (exit === null) {
      await restart(undefined);
      if (startFailure !== null) throw startFailure;
      throw new Error(`crash point ${crashAt} not reached within ${CRASH_POINT_TIMEOUT_MS} ms`);
    }
    onCrash?.();
    this.say(`crashed at ${crashAt} (${exit.signal ?? `exit code ${exit.code}`})`);
    await sleep(holdMs);
    await restart(undefined);
    if (exit.signal !== 'SIGKILL') {
      throw new Error(`expected a SIGKILL at ${crashAt}, the process ended with ${exit.code}`);
    }
  }

  private async simulatorFault(kind: SimulatorFault, holdMs: number): Promise<void> {
    const [path, on, off, method] = SIMULATOR_ACTIONS[kind](holdMs);
    await this.control.send(path, on);
    await sleep(holdMs);
    await this.control.send(path, off, method);
  }
}

type Action = (holdMs: number) => [path: string, on: unknown, off: unknown, offMethod?: string];

const SIMULATOR_ACTIONS: Record<SimulatorFault, Action> = {
  'storm-429': (holdMs) => [
    'storm',
    { durationMs: holdMs, retryAfterSeconds: 1 },
    { durationMs: 0 },
  ],
  'errors-5xx': () => [
    'faults',
    {
      rules: [
        { method: 'POST', pathRegex: STRIPE_API, errorRate: 0.3, status: 503 },
        { method: 'GET', pathRegex: STRIPE_API, errorRate: 0.2, status: 500 },
        { method: 'DELETE', pathRegex: STRIPE_API, errorRate: 0.3, status: 502 },
      ],
    },
    {},
    'DELETE',
  ],
  latency: () => [
    'faults',
    { rules: [{ pathRegex: STRIPE_API, latencyMs: 800, errorRate: 0 }] },
    {},
    'DELETE',
  ],
  'webhook-duplicate': () => ['webhooks', { duplicateRate: 0.6 }, { duplicateRate: 0 }],
  'webhook-delay': () => ['webhooks', { delayMs: 4000 }, { delayMs: 0 }],
  'webhook-reorder': () => [
    'webhooks',
    { reorder: true, reorderWindowMs: 1500 },
    { reorder: false, reorderWindowMs: 200 },
  ],
};
