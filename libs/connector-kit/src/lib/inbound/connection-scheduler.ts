import { classifyError } from '@concord/errors';

import type { LeaseManager } from '../budget/lease';
import type { ConnectionRegistry } from '../connections/connection-registry';
import { type ConnectionEntry, connectionState } from '../connections/connection-state';
import type { ConnectorDefinition } from '../definition/connector-definition';
import type { KitLogger } from '../definition/kit-logger';
import type { KitMetrics } from '../metrics/kit-metrics';
import type { ConnectorStateStore } from '../state/connector-state-store';
import type { StatusReporter } from '../status/status-reporter';
import { InboundSync, pollCursorName } from './inbound-sync';
import type { WebhookRegistrar } from './webhook-registrar';

export interface SchedulerOptions {
  statusIntervalMs: number;
  reconciliationIntervalMs: number;
  tickMs?: number;
}

const BACKFILL_CURSOR = 'backfill';
const RECONCILIATION_REQUEST_CURSOR = 'reconciliation-request';
const CONNECTION_TEST_CURSOR = 'connection-test';
const DONE = 'done';

const receivesInbound = (entry: ConnectionEntry<unknown>): boolean =>
  entry.settings.direction === 'both' || entry.settings.direction === 'inbound';

/**
 * The periodic work of every connection, run on one replica at a time (leases): status reports and
 * health probes, webhook registration, the inbound backfill when a connection is enabled, scheduled
 * and requested reconciliation (a new `requestedReconciliation` marker in the settings), polls
 * from durable cursors, and operators' connection tests (a new `requestedConnectionTest` id in the
 * settings, answered on the status topic whatever the connection's state). Each task runs at most once at a time per connection in this process.
 */
export class ConnectionScheduler<TClient> {
  private timer: NodeJS.Timeout | undefined;
  private readonly running = new Set<string>();
  private readonly lastRun = new Map<string, number>();
  private readonly setUpVersion = new Map<string, number>();

  constructor(
    private readonly definition: ConnectorDefinition<TClient>,
    private readonly registry: ConnectionRegistry<TClient>,
    private readonly state: ConnectorStateStore,
    private readonly sync: InboundSync<TClient>,
    private readonly registrar: WebhookRegistrar<TClient>,
    private readonly status: StatusReporter<TClient>,
    private readonly leases: LeaseManager,
    private readonly metrics: KitMetrics,
    private readonly logger: KitLogger,
    private readonly options: SchedulerOptions,
    private readonly now: () => number = Date.now,
  ) {}

  start(): void {
    this.registry.onChange((entry, previous) => {
      if (previous && entry && previous.settings.credentials !== entry.settings.credentials) {
        this.registrar.forget(entry.settings.tenant);
      }
      // A state change is reported at once, not at the next round.
      if (entry && (!previous || connectionState(previous) !== connectionState(entry))) {
        this.lastRun.delete(this.taskKey(entry, 'status'));
      }
    });
    this.timer = setInterval(() => this.tick(), this.options.tickMs ?? 1000);
    this.timer.unref();
    this.tick();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Runs a reconciliation of one connection now (on demand). */
  reconcileNow(entry: ConnectionEntry<TClient>): Promise<void> {
    return this.run(entry, 'reconcile', 600_000, () => this.reconcile(entry));
  }

  private tick(): void {
    const entries = this.registry.all();
    this.metrics.connections(
      entries.reduce<Record<string, number>>((counts, entry) => {
        const state = connectionState(entry);
        return { ...counts, [state]: (counts[state] ?? 0) + 1 };
      }, {}),
    );
    for (const entry of entries) this.schedule(entry);
  }

  private schedule(entry: ConnectionEntry<TClient>): void {
    if (this.due(entry, 'status', this.options.statusIntervalMs)) {
      void this.run(entry, 'status', this.options.statusIntervalMs, () =>
        this.status.report(entry),
      );
    }
    const scope = { tenant: entry.settings.tenant, connectionId: entry.settings.connectionId };
    const testId = entry.settings.settings['requestedConnectionTest'];
    if (
      testId !== undefined &&
      String(testId) !== this.state.cursor(scope, CONNECTION_TEST_CURSOR)
    ) {
      // The lease is per test and kept, so one replica answers it.
      void this.run(entry, `test:${String(testId)}`, 600_000, async () => {
        await this.status.testConnection(entry, String(testId));
        await this.state.saveCursor(scope, CONNECTION_TEST_CURSOR, String(testId));
      });
    }
    if (!entry.settings.enabled) {
      if (this.state.cursor(scope, BACKFILL_CURSOR) === DONE) {
        void this.run(entry, 'backfill-reset', 60_000, () =>
          this.state.saveCursor(scope, BACKFILL_CURSOR, 'pending'),
        );
      }
      return;
    }
    if (connectionState(entry) !== 'active' || !receivesInbound(entry)) return;
    const setUpKey = this.taskKey(entry, 'setup');
    if (
      this.setUpVersion.get(setUpKey) !== entry.settings.version &&
      this.due(entry, 'setup', 5000)
    ) {
      void this.run(entry, 'setup', 600_000, async () => {
        await this.setUp(entry);
        this.setUpVersion.set(setUpKey, entry.settings.version);
      });
    }
    const marker = entry.settings.settings['requestedReconciliation'];
    if (
      marker !== undefined &&
      String(marker) !== this.state.cursor(scope, RECONCILIATION_REQUEST_CURSOR)
    ) {
      void this.run(entry, 'reconcile', 600_000, async () => {
        await this.reconcile(entry);
        await this.state.saveCursor(scope, RECONCILIATION_REQUEST_CURSOR, String(marker));
      });
    } else if (
      this.options.reconciliationIntervalMs > 0 &&
      this.due(entry, 'reconcile', this.options.reconciliationIntervalMs)
    ) {
      void this.run(entry, 'reconcile', 600_000, () => this.reconcile(entry));
    }
    for (const source of this.definition.inbound.poll) {
      const interval = Number(entry.settings.settings['pollIntervalMs']) || 0;
      if (interval > 0 && this.due(entry, `poll:${source.stream}`, interval)) {
        void this.run(entry, `poll:${source.stream}`, interval, () =>
          this.sync.poll(entry, source, 'poll'),
        );
      }
    }
  }

  /**
   * First contact with an enabled connection: register the webhook endpoint, start every polled
   * stream at "now" (so a later reconciliation can read what happened since), and backfill.
   */
  private async setUp(entry: ConnectionEntry<TClient>): Promise<void> {
    const scope = { tenant: entry.settings.tenant, connectionId: entry.settings.connectionId };
    await this.registrar.ensure(entry);
    for (const source of this.definition.inbound.poll) {
      if (this.state.cursor(scope, pollCursorName(source.stream)) === null) {
        await this.sync.poll(entry, source, 'poll');
      }
    }
    if (this.state.cursor(scope, BACKFILL_CURSOR) !== DONE) {
      await this.listAll(entry, 'backfill');
      await this.state.saveCursor(scope, BACKFILL_CURSOR, DONE);
    }
  }

  private async reconcile(entry: ConnectionEntry<TClient>): Promise<void> {
    for (const source of this.definition.inbound.poll) {
      await this.sync.poll(entry, source, 'reconciliation');
    }
    await this.listAll(entry, 'reconciliation');
  }

  /** Lists every external record, its progress reported on the status topic as it goes. */
  private async listAll(
    entry: ConnectionEntry<TClient>,
    kind: 'backfill' | 'reconciliation',
  ): Promise<void> {
    const startedAt = new Date(this.now()).toISOString();
    const run = { kind, startedAt, finishedAt: null, entityType: null, seen: 0, published: 0 };
    let latest = { seen: 0, published: 0 };
    await this.status.trackRun(entry, { ...run, state: 'running' }, true);
    try {
      const report = await this.sync.list(entry, kind, (progress) => {
        latest = { seen: progress.seen, published: progress.published };
        void this.status.trackRun(entry, { ...run, ...progress, state: 'running' });
      });
      const finishedAt = new Date(this.now()).toISOString();
      await this.status.trackRun(entry, { ...run, ...report, state: 'done', finishedAt }, true);
    } catch (thrown) {
      const finishedAt = new Date(this.now()).toISOString();
      await this.status.trackRun(entry, { ...run, ...latest, state: 'failed', finishedAt }, true);
      throw thrown;
    }
  }

  private due(entry: ConnectionEntry<TClient>, task: string, intervalMs: number): boolean {
    const key = this.taskKey(entry, task);
    const last = this.lastRun.get(key);
    if (last === undefined && task === 'reconcile') {
      // A connection just seen was backfilled or reconciled recently: the first round waits.
      this.lastRun.set(key, this.now());
      return false;
    }
    return last === undefined || this.now() - last >= intervalMs;
  }

  private taskKey(entry: ConnectionEntry<TClient>, task: string): string {
    return `${entry.settings.tenant}:${entry.settings.connectionId}:${task}`;
  }

  private async run(
    entry: ConnectionEntry<TClient>,
    task: string,
    leaseMs: number,
    work: () => Promise<unknown>,
  ): Promise<void> {
    const key = this.taskKey(entry, task);
    if (this.running.has(key)) return;
    this.running.add(key);
    const leaseKey = `${this.definition.system}:${key}`;
    try {
      if (!(await this.leases.tryAcquire(leaseKey, leaseMs))) return;
      this.lastRun.set(key, this.now());
      try {
        await work();
      } finally {
        // Periodic tasks keep their lease for the interval so other replicas skip this round.
        if (task === 'setup' || task.startsWith('reconcile') || task.startsWith('backfill')) {
          await this.leases.release(leaseKey);
        }
      }
    } catch (thrown) {
      const error = classifyError(thrown);
      this.lastRun.delete(key);
      this.logger.warn(
        { tenant: entry.settings.tenant, task, code: error.code, category: error.category },
        'connection task failed; will try again',
      );
    } finally {
      this.running.delete(key);
    }
  }
}
