import { randomUUID } from 'node:crypto';

import { RateLimitedError, RateLimitedErrorCode } from '@concord/errors';

import { type CallSlots, InProcessCallSlots } from '../budget/call-slots';
import type { RateBudget } from '../budget/rate-budget';
import type { ConnectionEntry } from '../connections/connection-state';
import type {
  AllowanceUsage,
  ConnectorDefinition,
  RateLimit,
} from '../definition/connector-definition';
import type { KitLogger } from '../definition/kit-logger';
import type { BudgetLane, ExternalCallContext } from '../definition/outbound-adapter';
import type { ResolvedConnection } from '../definition/resolved-connection';
import type { KitMetrics } from '../metrics/kit-metrics';
import type { ConnectorStateStore } from '../state/connector-state-store';
import { isAllowanceExhausted } from '../status/daily-allowance';
import { subRequestKey } from './idempotency-keys';

/** A provider 429 without Retry-After still stops every replica for this long. */
const DEFAULT_COOL_DOWN_MS = 1000;
/** From the daily allowance's warning share, a backfill call costs this many tokens. */
const SLOWED_BACKFILL_TOKENS = 4;
/** The share of the daily allowance from which the status warns and backfills slow down. */
export const DEFAULT_ALLOWANCE_WARN_AT = 0.8;

/**
 * Builds the context through which adapters call the provider: every request first takes a token
 * from the shared rate budget, gets its idempotency key, and has its error classified; a 429 cools
 * the whole budget down so other replicas and messages back off too.
 */
export class ExternalCaller {
  constructor(
    private readonly definition: Pick<
      ConnectorDefinition,
      'system' | 'rateLimit' | 'classifyError' | 'dailyAllowance'
    >,
    private readonly budget: RateBudget,
    private readonly state: ConnectorStateStore,
    private readonly metrics: KitMetrics,
    options: { maxBudgetWaitMs?: number; slots?: CallSlots } = {},
  ) {
    this.maxBudgetWaitMs = options.maxBudgetWaitMs ?? 5000;
    this.slots = options.slots ?? new InProcessCallSlots();
  }

  private readonly maxBudgetWaitMs: number;
  /** The provider's concurrent calls per tenant (`rateLimit.concurrency`), held for each request. */
  private readonly slots: CallSlots;

  budgetKey(tenant: string): string {
    return `${this.definition.system}:${tenant}`;
  }

  /**
   * The connection's budget: the connector default, lowered by `settings.rateLimitPerSecond` (the
   * burst then shrinks with it, to at most a second's worth). The default burst stands as declared,
   * even above its rate (Xero: 5 at once, under a second's rate of less than one call): clamping it
   * to one token would leave the backfill lane, which must keep a share of the burst for live
   * changes, no token ever.
   */
  limitFor(connection: ResolvedConnection): RateLimit {
    const configured = Number(connection.settings.settings['rateLimitPerSecond']);
    const burst = Number(connection.settings.settings['rateLimitBurst']);
    const base = this.definition.rateLimit;
    const perSecond = configured > 0 ? Math.min(configured, base.perSecond) : base.perSecond;
    return {
      ...base,
      perSecond,
      burst:
        burst > 0
          ? burst
          : configured > 0
            ? Math.max(1, Math.min(base.burst, perSecond))
            : base.burst,
    };
  }

  context<TClient>(
    entry: ConnectionEntry<TClient>,
    lane: BudgetLane,
    log: KitLogger,
    idempotencyBase: string | null = null,
  ): ExternalCallContext<TClient> & { connection: ResolvedConnection } {
    const connection = entry.resolved;
    if (!connection || entry.client === null) throw new Error('connection is not resolved');
    const client = entry.client;
    const key = this.budgetKey(connection.tenant);
    const limit = this.limitFor(connection);
    // Reads get a key of their own only so the signature stays one; providers ignore it on GETs.
    const base = idempotencyBase ?? `concord-read-${randomUUID()}`;
    return {
      client,
      connection,
      lane,
      log,
      links: this.state.lookup({
        tenant: connection.tenant,
        connectionId: connection.connectionId,
      }),
      call: async <T>(
        step: string,
        request: (idempotencyKey: string) => Promise<T>,
      ): Promise<T> => {
        const tokens =
          lane === 'backfill' && (await this.allowanceWarns(key)) ? SLOWED_BACKFILL_TOKENS : 1;
        for (let token = 0; token < tokens; token += 1) {
          await this.budget.acquire(key, limit, lane, this.maxBudgetWaitMs);
        }
        try {
          const send = () => request(subRequestKey(base, step));
          const result =
            limit.concurrency === undefined
              ? await send()
              : await this.slots.run(key, limit.concurrency, send, this.maxBudgetWaitMs);
          this.metrics.externalCall('ok');
          await this.noteAllowance(key, client);
          return result;
        } catch (thrown) {
          await this.noteAllowance(key, client);
          const error = this.definition.classifyError(thrown);
          this.metrics.externalCall(error.category);
          // A used-up daily allowance pauses the connection instead (see the status reporter).
          // (Nor does a call that found no free concurrent slot: the provider said nothing.)
          if (
            error instanceof RateLimitedError &&
            !isAllowanceExhausted(error) &&
            error.code !== RateLimitedErrorCode.BUDGET_EXHAUSTED
          ) {
            await this.budget
              .coolDown(key, Math.max(error.retryAfterMs, DEFAULT_COOL_DOWN_MS))
              .catch(() => undefined);
          }
          log.debug({ step, code: error.code, category: error.category }, 'provider call failed');
          throw error;
        }
      },
    };
  }

  /** The daily allowance as replicas last read it, when the connector's provider has one. */
  allowance(tenant: string): Promise<AllowanceUsage | null> {
    if (!this.definition.dailyAllowance) return Promise.resolve(null);
    return this.budget.allowance(this.budgetKey(tenant)).catch(() => null);
  }

  /** Whether the shared daily allowance is used past its warning share. */
  allowanceWarning(usage: AllowanceUsage | null): boolean {
    const warnAt = this.definition.dailyAllowance?.warnAt ?? DEFAULT_ALLOWANCE_WARN_AT;
    return usage !== null && usage.limit > 0 && usage.used >= usage.limit * warnAt;
  }

  private async allowanceWarns(key: string): Promise<boolean> {
    if (!this.definition.dailyAllowance) return false;
    return this.allowanceWarning(await this.budget.allowance(key).catch(() => null));
  }

  /** Shares what the client's last answer said of the daily allowance with every replica. */
  private async noteAllowance(key: string, client: unknown): Promise<void> {
    const usage = this.definition.dailyAllowance?.usage(client);
    if (usage) await this.budget.recordAllowance(key, usage).catch(() => undefined);
  }

  /**
   * The context of one batch call: as `context`, but each request takes `tokensPerCall` tokens
   * of the budget (what the system charges for a batch call), not one per record.
   */
  batchContext<TClient>(
    entry: ConnectionEntry<TClient>,
    lane: BudgetLane,
    log: KitLogger,
    idempotencyBase: string,
    tokensPerCall: number,
  ): ExternalCallContext<TClient> & { connection: ResolvedConnection } {
    const ctx = this.context(entry, lane, log, idempotencyBase);
    const extra = Math.max(0, Math.ceil(tokensPerCall) - 1);
    if (extra === 0) return ctx;
    const key = this.budgetKey(ctx.connection.tenant);
    const limit = this.limitFor(ctx.connection);
    return {
      ...ctx,
      call: async <T>(step: string, request: (idempotencyKey: string) => Promise<T>) => {
        for (let token = 0; token < extra; token += 1) {
          await this.budget.acquire(key, limit, lane, this.maxBudgetWaitMs);
        }
        return ctx.call(step, request);
      },
    };
  }
}
