import type { LeaseManager } from '../budget/lease';
import type { AttentionFlags } from '../connections/attention-flags';
import { refusedCredentials } from '../connections/attention-reason';
import type { ConnectionRegistry } from '../connections/connection-registry';
import { type ConnectionEntry, connectionState } from '../connections/connection-state';
import type { ConnectorDefinition } from '../definition/connector-definition';
import { childLogger, type KitLogger } from '../definition/kit-logger';
import {
  type OpenSubscription,
  SubscriptionCursorExpiredError,
  type SubscriptionSource,
} from '../definition/subscription-source';
import type { ExternalCaller } from '../outbound/external-caller';
import type { ConnectorStateStore, StateScope } from '../state/connector-state-store';
import type { InboundPublisher } from './inbound-publisher';
import type { OverwrittenEdits } from './overwritten-edits';
import { type PumpOptions, subscriptionCursorName, SubscriptionPump } from './subscription-pump';

export interface SupervisorOptions extends PumpOptions {
  /** How long a holder keeps the subscription's lease without renewing it (a dead replica's). */
  leaseMs: number;
  tickMs: number;
  /** First wait before opening a failed subscription again (doubling, up to 5 minutes). */
  retryDelayMs: number;
}

interface Running {
  version: number;
  leaseKey: string;
  pump: { stop(): Promise<void> };
  subscription: OpenSubscription | null;
  renewedAt: number;
}

const MAX_RETRY_DELAY_MS = 5 * 60_000;

/**
 * Keeps one subscription per connection across all replicas: the replica holding the
 * connection's lease (renewed while it runs; another replica takes it over once a dead holder's
 * lease runs out) opens the source from the durable cursor, and closes it when the connection is
 * disabled, paused, needs attention, stops receiving inbound, turns the stream off, changes
 * settings (opened again with them) or is removed. A failed subscription is opened again after a
 * growing delay; a cursor the system no longer holds means subscribing from now and reconciling.
 */
export class SubscriptionSupervisor<TClient> {
  private timer: NodeJS.Timeout | undefined;
  private readonly running = new Map<string, Running>();
  private readonly opening = new Set<string>();
  private readonly failures = new Map<string, { count: number; retryAt: number }>();
  private ticking = false;

  private readonly source: SubscriptionSource<TClient> | undefined;
  private readonly system: string;

  constructor(
    private readonly definition: ConnectorDefinition<TClient>,
    private readonly registry: ConnectionRegistry<TClient>,
    private readonly state: ConnectorStateStore,
    private readonly caller: ExternalCaller,
    private readonly publisher: InboundPublisher,
    private readonly overwritten: OverwrittenEdits,
    private readonly attention: AttentionFlags,
    private readonly leases: LeaseManager,
    private readonly reconcile: (entry: ConnectionEntry<TClient>) => Promise<void>,
    private readonly logger: KitLogger,
    private readonly options: SupervisorOptions,
    private readonly now: () => number = Date.now,
  ) {
    this.source = definition.inbound.subscription;
    this.system = definition.system;
  }

  start(): void {
    if (!this.source) return;
    const round = (): void => {
      if (this.ticking) return;
      this.ticking = true;
      this.tick()
        .catch((error: unknown) =>
          this.logger.warn(
            { err: String(error) },
            'change stream round failed; next round retries',
          ),
        )
        .finally(() => (this.ticking = false));
    };
    this.timer = setInterval(round, this.options.tickMs);
    this.timer.unref();
    round();
  }

  /** Closes every subscription held here and gives its lease up (another replica takes over). */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await Promise.all([...this.running.keys()].map((key) => this.close(key)));
  }

  /** Connections whose subscription runs in this replica (`tenant:connectionId`). */
  get held(): string[] {
    return [...this.running.keys()];
  }

  async tick(): Promise<void> {
    const entries = new Map(
      this.registry.all().map((entry) => [this.keyOf(entry), entry] as const),
    );
    for (const [key, run] of this.running) {
      const entry = entries.get(key);
      if (!entry || !this.wanted(entry) || entry.settings.version !== run.version) {
        await this.close(key);
      } else if (this.now() - run.renewedAt >= this.options.leaseMs / 3) {
        run.renewedAt = this.now();
        if (!(await this.leases.renew(run.leaseKey, this.options.leaseMs))) await this.close(key);
      }
    }
    for (const [key, entry] of entries) {
      if (this.running.has(key) || this.opening.has(key) || !this.wanted(entry)) continue;
      if ((this.failures.get(key)?.retryAt ?? 0) > this.now()) continue;
      this.opening.add(key);
      void this.open(key, entry).finally(() => this.opening.delete(key));
    }
  }

  private wanted(entry: ConnectionEntry<TClient>): boolean {
    const { settings } = entry;
    return (
      entry.resolved !== null &&
      connectionState(entry) === 'active' &&
      (settings.direction === 'both' || settings.direction === 'inbound') &&
      (this.source?.enabled?.(entry.resolved) ?? true)
    );
  }

  private async open(key: string, entry: ConnectionEntry<TClient>): Promise<void> {
    const source = this.source as SubscriptionSource<TClient>;
    const leaseKey = `${this.system}:${key}:subscription:${source.stream}`;
    if (!(await this.leases.tryAcquire(leaseKey, this.options.leaseMs))) return;
    const scope: StateScope = {
      tenant: entry.settings.tenant,
      connectionId: entry.settings.connectionId,
    };
    const log = childLogger(this.logger, { ...scope, stream: source.stream });
    const ctx = this.caller.context(entry, 'live', log);
    const pump = new SubscriptionPump(
      source,
      entry,
      ctx,
      this.state,
      this.publisher,
      this.overwritten,
      log,
      this.options,
      (error) => void this.failed(key, scope, error),
    );
    const run: Running = {
      version: entry.settings.version,
      leaseKey,
      pump,
      subscription: null,
      renewedAt: this.now(),
    };
    this.running.set(key, run);
    const cursorName = subscriptionCursorName(source.stream);
    // null: never subscribed (the backfill covers what came before); '': subscribed before, but
    // no message was published since, so what happened meanwhile is unknown and reconciled.
    const saved = this.state.cursor(scope, cursorName);
    const cursor = saved || null;
    try {
      run.subscription = await source.open(cursor, ctx, pump).catch(async (error: unknown) => {
        if (!(error instanceof SubscriptionCursorExpiredError)) throw error;
        log.warn({ cursor }, 'stream cursor past retention: subscribing from now and reconciling');
        const fromNow = await source.open(null, ctx, pump);
        await this.state.saveCursor(scope, cursorName, '');
        this.reconcileGap(entry, log);
        return fromNow;
      });
      if (this.running.get(key) !== run) {
        await run.subscription.close();
      } else {
        if (saved === '') this.reconcileGap(entry, log);
        if (saved === null && this.state.cursor(scope, cursorName) === null) {
          await this.state.saveCursor(scope, cursorName, '');
        }
        this.failures.delete(key);
        log.info({ cursor }, 'subscribed to the change stream');
      }
    } catch (error) {
      await this.failed(key, scope, error);
    }
  }

  /** What the stream may have carried before the subscription started from now: polls and a listing. */
  private reconcileGap(entry: ConnectionEntry<TClient>, log: KitLogger): void {
    void this.reconcile(entry).catch((thrown: unknown) =>
      log.warn({ err: String(thrown) }, 'reconciliation after a stream gap failed'),
    );
  }

  private async failed(key: string, scope: StateScope, error: unknown): Promise<void> {
    const classified = this.definition.classifyError(error);
    const count = (this.failures.get(key)?.count ?? 0) + 1;
    const delay = Math.min(this.options.retryDelayMs * 2 ** (count - 1), MAX_RETRY_DELAY_MS);
    this.failures.set(key, { count, retryAt: this.now() + delay });
    this.logger.warn(
      { ...scope, code: classified.code, category: classified.category, retryInMs: delay },
      'change stream subscription failed; will open it again',
    );
    if (classified.category === 'auth') {
      await this.attention
        .flag(scope, refusedCredentials(this.system, classified))
        .catch(() => undefined);
    }
    await this.close(key);
  }

  private async close(key: string): Promise<void> {
    const run = this.running.get(key);
    if (!run) return;
    this.running.delete(key);
    await run.pump.stop();
    await run.subscription?.close().catch(() => undefined);
    await this.leases.release(run.leaseKey);
  }

  private keyOf(entry: ConnectionEntry<TClient>): string {
    return `${entry.settings.tenant}:${entry.settings.connectionId}`;
  }
}
