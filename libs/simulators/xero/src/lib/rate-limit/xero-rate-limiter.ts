import { SimulationClock } from '@concord/simulators/core';

import { SlidingWindow } from './sliding-window';

export type RateLimitProblem = 'minute' | 'daily' | 'concurrent' | 'appminute';

/** Xero's published limits: per organisation 60 a minute, 5 at once, 5,000 a day; per app 10,000 a minute. */
export interface XeroLimits {
  perMinute: number;
  concurrent: number;
  perDay: number;
  appPerMinute: number;
}

export const XERO_LIMITS: XeroLimits = {
  perMinute: 60,
  concurrent: 5,
  perDay: 5000,
  appPerMinute: 10_000,
};

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * 60_000;

export interface CallCounts {
  /** Calls the API answered (any status but a rate-limit 429). */
  calls: number;
  rejected: Record<RateLimitProblem, number>;
  inFlight: number;
}

export type Admission =
  | { allowed: true; headers: Record<string, string>; release: () => void }
  | {
      allowed: false;
      problem: RateLimitProblem;
      retryAfterSeconds: number;
      headers: Record<string, string>;
    };

interface TenantState {
  minute: SlidingWindow;
  day: SlidingWindow;
  counts: CallCounts;
}

/**
 * Counts every API call per organisation and for the app, and (when enforcing) refuses the ones
 * over Xero's limits. The remaining-budget headers go on every response either way.
 */
export class XeroRateLimiter {
  private limits: XeroLimits;
  private tenants = new Map<string, TenantState>();
  private app = new SlidingWindow(MINUTE_MS);

  constructor(
    private readonly clock: SimulationClock,
    private readonly enforcing: () => boolean,
    limits: Partial<XeroLimits> = {},
  ) {
    this.limits = { ...XERO_LIMITS, ...limits };
  }

  admit(tenantId: string): Admission {
    const now = this.clock.now();
    const tenant = this.tenant(tenantId);
    const problem = this.enforcing() ? this.problem(tenant, now) : undefined;
    if (problem) {
      tenant.counts.rejected[problem] += 1;
      return {
        allowed: false,
        problem,
        retryAfterSeconds: Math.max(1, Math.ceil(this.waitMs(problem, tenant, now) / 1000)),
        headers: this.headers(tenant, now),
      };
    }
    tenant.minute.add(now);
    tenant.day.add(now);
    this.app.add(now);
    tenant.counts.calls += 1;
    tenant.counts.inFlight += 1;
    let released = false;
    return {
      allowed: true,
      headers: this.headers(tenant, now),
      release: () => {
        if (released) return;
        released = true;
        tenant.counts.inFlight -= 1;
      },
    };
  }

  configure(limits: Partial<XeroLimits>): XeroLimits {
    for (const [name, value] of Object.entries(limits)) {
      if (!Number.isInteger(value) || (value as number) <= 0)
        throw new RangeError(`${name} must be a whole number > 0`);
    }
    this.limits = { ...this.limits, ...limits };
    return this.view();
  }

  view(): XeroLimits {
    return { ...this.limits };
  }

  /** Call counts per organisation, for tests that assert how many calls a sync made. */
  counts(): { total: number; rejected: number; tenants: Record<string, CallCounts> } {
    const tenants: Record<string, CallCounts> = {};
    let total = 0;
    let rejected = 0;
    for (const [id, state] of this.tenants) {
      tenants[id] = { ...state.counts, rejected: { ...state.counts.rejected } };
      total += state.counts.calls;
      rejected += Object.values(state.counts.rejected).reduce((sum, n) => sum + n, 0);
    }
    return { total, rejected, tenants };
  }

  /** Forgets counts and windows (in-flight calls are not tracked any more). */
  reset(): void {
    this.tenants = new Map();
    this.app = new SlidingWindow(MINUTE_MS);
  }

  private problem(tenant: TenantState, now: number): RateLimitProblem | undefined {
    if (tenant.counts.inFlight >= this.limits.concurrent) return 'concurrent';
    if (tenant.day.count(now) >= this.limits.perDay) return 'daily';
    if (tenant.minute.count(now) >= this.limits.perMinute) return 'minute';
    if (this.app.count(now) >= this.limits.appPerMinute) return 'appminute';
    return undefined;
  }

  private waitMs(problem: RateLimitProblem, tenant: TenantState, now: number): number {
    switch (problem) {
      case 'concurrent':
        return 1000;
      case 'daily':
        return tenant.day.waitMs(now, this.limits.perDay);
      case 'minute':
        return tenant.minute.waitMs(now, this.limits.perMinute);
      case 'appminute':
        return this.app.waitMs(now, this.limits.appPerMinute);
    }
  }

  private headers(tenant: TenantState, now: number): Record<string, string> {
    const remaining = (limit: number, used: number): string => String(Math.max(0, limit - used));
    return {
      'x-minlimit-remaining': remaining(this.limits.perMinute, tenant.minute.count(now)),
      'x-daylimit-remaining': remaining(this.limits.perDay, tenant.day.count(now)),
      'x-appminlimit-remaining': remaining(this.limits.appPerMinute, this.app.count(now)),
    };
  }

  private tenant(tenantId: string): TenantState {
    let state = this.tenants.get(tenantId);
    if (!state) {
      state = {
        minute: new SlidingWindow(MINUTE_MS),
        day: new SlidingWindow(DAY_MS),
        counts: {
          calls: 0,
          inFlight: 0,
          rejected: { minute: 0, daily: 0, concurrent: 0, appminute: 0 },
        },
      };
      this.tenants.set(tenantId, state);
    }
    return state;
  }
}
