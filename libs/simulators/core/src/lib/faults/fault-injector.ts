import { SimulationClock } from '../clock/simulation-clock';
import { RandomStream } from '../random/seeded-random';
import { FaultRule, FaultRuleView, FaultStatus } from './fault-rule';
import { compilePathPattern } from './path-pattern';

/** A failure the control plane decided to inject instead of handling the request. */
export interface InjectedFault {
  kind: 'fault' | 'storm';
  status: FaultStatus;
  retryAfterSeconds?: number;
  ruleId?: string;
}

export interface FaultDecision {
  latencyMs: number;
  fault?: InjectedFault;
}

export interface StormState {
  active: boolean;
  until: number | null;
  retryAfterSeconds: number;
}

interface ActiveRule {
  id: string;
  rule: FaultRule;
  matcher: RegExp;
  remaining?: number;
  matched: number;
  injected: number;
}

/**
 * Decides, before a request reaches its handler, whether it is delayed or fails. Decisions draw
 * from the seeded `faults` stream in request order, so a seeded run fails the same requests.
 */
export class FaultInjector {
  private rules: ActiveRule[] = [];
  private nextRuleId = 1;
  private stormUntil: number | null = null;
  private stormRetryAfterSeconds = 1;

  constructor(
    private readonly clock: SimulationClock,
    private readonly random: RandomStream,
  ) {}

  setRules(rules: FaultRule[]): FaultRuleView[] {
    this.rules = rules.map((rule) => ({
      id: `fault_${this.nextRuleId++}`,
      rule,
      matcher: compilePathPattern(rule.path),
      remaining: rule.count,
      matched: 0,
      injected: 0,
    }));
    return this.view();
  }

  clear(): void {
    this.rules = [];
  }

  /** Every request fails with 429 until the clock passes `now + durationMs`. */
  startStorm(durationMs: number, retryAfterSeconds: number): StormState {
    this.stormUntil = this.clock.now() + durationMs;
    this.stormRetryAfterSeconds = retryAfterSeconds;
    return this.storm();
  }

  storm(): StormState {
    const active = this.stormUntil !== null && this.clock.now() < this.stormUntil;
    return {
      active,
      until: active ? this.stormUntil : null,
      retryAfterSeconds: this.stormRetryAfterSeconds,
    };
  }

  decide(method: string, path: string): FaultDecision {
    if (this.storm().active) {
      return {
        latencyMs: 0,
        fault: { kind: 'storm', status: 429, retryAfterSeconds: this.stormRetryAfterSeconds },
      };
    }
    let latencyMs = 0;
    let fault: InjectedFault | undefined;
    for (const active of this.rules) {
      const { rule } = active;
      if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) continue;
      if (!active.matcher.test(path)) continue;
      active.matched += 1;
      if (active.remaining !== undefined) active.remaining -= 1;
      latencyMs += rule.latencyMs ?? 0;
      if (!fault && this.random.chance(rule.errorRate ?? 1)) {
        active.injected += 1;
        const status = rule.status ?? 500;
        fault = {
          kind: 'fault',
          status,
          ruleId: active.id,
          ...(status === 429 ? { retryAfterSeconds: rule.retryAfterSeconds ?? 1 } : {}),
        };
      }
    }
    this.rules = this.rules.filter(
      (active) => active.remaining === undefined || active.remaining > 0,
    );
    return fault ? { latencyMs, fault } : { latencyMs };
  }

  view(): FaultRuleView[] {
    return this.rules.map(({ id, rule, remaining, matched, injected }) => ({
      id,
      ...(rule.method ? { method: rule.method.toUpperCase() } : {}),
      ...(rule.path instanceof RegExp ? { pathRegex: rule.path.source } : { path: rule.path }),
      errorRate: rule.errorRate ?? 1,
      status: rule.status ?? 500,
      latencyMs: rule.latencyMs ?? 0,
      ...(remaining === undefined ? {} : { remaining }),
      matched,
      injected,
    }));
  }
}
