import { ClockSnapshot, SimulationClock } from '../clock/simulation-clock';
import { FaultDecision, FaultInjector, StormState } from '../faults/fault-injector';
import { FaultRuleView } from '../faults/fault-rule';
import { SeededRandom } from '../random/seeded-random';
import { AccountRateLimiter, RateLimitSettings } from '../rate-limit/account-rate-limiter';
import { WebhookTransport } from '../webhooks/http-webhook.transport';
import { WebhookStats } from '../webhooks/webhook-delivery';
import { WebhookDispatcher } from '../webhooks/webhook-dispatcher';
import { WebhookSettings } from '../webhooks/webhook-settings';

export interface ControlPlaneOptions {
  clock?: SimulationClock;
  random?: SeededRandom;
  /** Ignored when `random` is given. */
  seed?: number;
  rateLimit?: Partial<RateLimitSettings>;
  webhooks?: Partial<WebhookSettings>;
  webhookTransport?: WebhookTransport;
  /** How long a write takes to become visible to search ("index lag"). */
  searchLagMs?: number;
}

/** A simulator-specific control endpoint under `/_control/` (e.g. Stripe's key revocation). */
export interface ControlRoute {
  method: 'GET' | 'POST' | 'DELETE';
  /** Path below `/_control`, e.g. `/accounts/revoke`. */
  path: string;
  handle: (body: unknown) => unknown;
}

export interface ControlState {
  clock: ClockSnapshot;
  seed: number;
  faults: FaultRuleView[];
  storm: StormState;
  rateLimit: RateLimitSettings;
  webhooks: { settings: WebhookSettings; stats: WebhookStats };
  searchLagMs: number;
  [simulatorSpecific: string]: unknown;
}

/**
 * Everything an operator or a test can turn on a simulator: clock, seed, faults, 429 storms,
 * rate limits, webhook delivery behaviour, search lag, and the data reset. Every simulator
 * builds one and exposes it under `/_control/` with the same shape.
 */
export class SimulatorControlPlane {
  readonly clock: SimulationClock;
  readonly random: SeededRandom;
  readonly faults: FaultInjector;
  readonly rateLimiter: AccountRateLimiter;
  readonly webhooks: WebhookDispatcher;
  private searchLag: number;
  private readonly resetHandlers: (() => void)[] = [];
  private readonly extraRoutes: ControlRoute[] = [];
  private readonly extraState = new Map<string, () => unknown>();

  constructor(options: ControlPlaneOptions = {}) {
    this.clock = options.clock ?? new SimulationClock();
    this.random = options.random ?? new SeededRandom(options.seed);
    this.faults = new FaultInjector(this.clock, this.random.stream('faults'));
    this.rateLimiter = new AccountRateLimiter(this.clock, options.rateLimit);
    this.webhooks = new WebhookDispatcher(
      this.clock,
      this.random.stream('webhooks'),
      options.webhookTransport,
      options.webhooks,
    );
    this.searchLag = options.searchLagMs ?? 0;
  }

  get searchLagMs(): number {
    return this.searchLag;
  }

  setSearchLag(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('search lag must be >= 0 ms');
    this.searchLag = ms;
  }

  /** Injected faults are decided here, before the simulator's handler sees the request. */
  decide(method: string, path: string): FaultDecision {
    return this.faults.decide(method, path);
  }

  onReset(handler: () => void): void {
    this.resetHandlers.push(handler);
  }

  addRoute(route: ControlRoute): void {
    this.extraRoutes.push(route);
  }

  get routes(): readonly ControlRoute[] {
    return this.extraRoutes;
  }

  /** Adds a simulator-specific section to `GET /_control/state`. */
  addState(name: string, read: () => unknown): void {
    this.extraState.set(name, read);
  }

  /** Wipes every account's data and the delivery log; clock, seed and faults stay as set. */
  resetData(): void {
    this.webhooks.reset();
    this.rateLimiter.reset();
    for (const handler of this.resetHandlers) handler();
  }

  state(): ControlState {
    const state: ControlState = {
      clock: this.clock.snapshot(),
      seed: this.random.currentSeed,
      faults: this.faults.view(),
      storm: this.faults.storm(),
      rateLimit: this.rateLimiter.view(),
      webhooks: { settings: this.webhooks.view(), stats: this.webhooks.stats() },
      searchLagMs: this.searchLag,
    };
    for (const [name, read] of this.extraState) state[name] = read();
    return state;
  }

  close(): void {
    this.webhooks.stop();
  }
}
