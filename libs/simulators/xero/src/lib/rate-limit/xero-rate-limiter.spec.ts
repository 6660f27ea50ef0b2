import { SimulationClock } from '@concord/simulators/core';

import { SlidingWindow } from './sliding-window';
import { XeroRateLimiter } from './xero-rate-limiter';

describe('XeroRateLimiter', () => {
  let now: number;
  let clock: SimulationClock;
  let enforcing: boolean;
  let limiter: XeroRateLimiter;

  beforeEach(() => {
    now = 1_700_000_000_000;
    clock = new SimulationClock(() => now);
    enforcing = true;
    limiter = new XeroRateLimiter(clock, () => enforcing, {
      perMinute: 3,
      concurrent: 2,
      perDay: 5,
      appPerMinute: 4,
    });
  });

  const take = (tenant = 't1') => {
    const admission = limiter.admit(tenant);
    if (admission.allowed) admission.release();
    return admission;
  };

  it('allows the minute budget, then refuses with the wait until the oldest call leaves the window', () => {
    expect(take()).toMatchObject({
      allowed: true,
      headers: {
        'x-minlimit-remaining': '2',
        'x-daylimit-remaining': '4',
        'x-appminlimit-remaining': '3',
      },
    });
    now += 10_000;
    take();
    now += 10_000;
    take();
    expect(take()).toMatchObject({
      allowed: false,
      problem: 'minute',
      retryAfterSeconds: 40,
      headers: { 'x-minlimit-remaining': '0' },
    });
    now += 40_000;
    expect(take().allowed).toBe(true);
  });

  it('counts the app-wide minute across organisations', () => {
    take('a');
    take('b');
    take('c');
    take('d');
    expect(take('e')).toMatchObject({ allowed: false, problem: 'appminute' });
  });

  it('refuses past the daily allowance until a day has rolled', () => {
    for (let i = 0; i < 5; i += 1) {
      now += 60_000;
      expect(take().allowed).toBe(true);
    }
    now += 60_000;
    expect(take()).toMatchObject({ allowed: false, problem: 'daily' });
    now += 24 * 60 * 60_000;
    expect(take().allowed).toBe(true);
  });

  it('refuses a third concurrent call until one is released', () => {
    const first = limiter.admit('t1');
    const second = limiter.admit('t1');
    expect(limiter.admit('t1')).toMatchObject({
      allowed: false,
      problem: 'concurrent',
      retryAfterSeconds: 1,
    });
    if (first.allowed) first.release();
    if (second.allowed) second.release();
    now += 60_000;
    expect(limiter.admit('t1').allowed).toBe(true);
  });

  it('only counts while not enforcing, and reports the counts', () => {
    enforcing = false;
    for (let i = 0; i < 6; i += 1) expect(take().allowed).toBe(true);
    enforcing = true;
    expect(take().allowed).toBe(false);
    expect(limiter.counts()).toEqual({
      total: 6,
      rejected: 1,
      tenants: {
        t1: {
          calls: 6,
          inFlight: 0,
          rejected: { minute: 0, daily: 1, concurrent: 0, appminute: 0 },
        },
      },
    });
    limiter.reset();
    expect(limiter.counts().total).toBe(0);
  });

  it('refuses limits that are not whole positive numbers', () => {
    expect(() => limiter.configure({ perMinute: 0 })).toThrow(
      'perMinute must be a whole number > 0',
    );
  });
});

describe('SlidingWindow', () => {
  it('forgets calls older than the window', () => {
    const window = new SlidingWindow(1_000);
    window.add(0);
    window.add(500);
    expect(window.count(999)).toBe(2);
    expect(window.count(1_000)).toBe(1);
    expect(window.waitMs(1_000, 1)).toBe(500);
    expect(window.waitMs(1_000, 2)).toBe(0);
  });
});
