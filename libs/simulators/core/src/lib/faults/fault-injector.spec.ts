import { ValidationError } from '@concord/errors';

import { SimulationClock } from '../clock/simulation-clock';
import { SeededRandom } from '../random/seeded-random';
import { FaultInjector } from './fault-injector';
import { parseFaultRules } from './fault-rule';
import { compilePathPattern } from './path-pattern';

describe('compilePathPattern', () => {
  it('matches * within a segment, ** across segments and ? as one character', () => {
    expect(compilePathPattern('/v1/customers/*').test('/v1/customers/cus_1')).toBe(true);
    expect(compilePathPattern('/v1/customers/*').test('/v1/customers/cus_1/x')).toBe(false);
    expect(compilePathPattern('/v1/**').test('/v1/invoices/in_1/pay')).toBe(true);
    expect(compilePathPattern('/v?/customers').test('/v1/customers')).toBe(true);
    expect(compilePathPattern('/v1/customers').test('/v1/customersX')).toBe(false);
    expect(compilePathPattern('/v1/a.b').test('/v1/aXb')).toBe(false);
    expect(compilePathPattern(/^\/v1\/inv/).test('/v1/invoices')).toBe(true);
  });
});

describe('FaultInjector', () => {
  let realNow: number;
  let clock: SimulationClock;

  const injector = (seed = 1): FaultInjector =>
    new FaultInjector(clock, new SeededRandom(seed).stream('faults'));

  beforeEach(() => {
    realNow = 1_000_000;
    clock = new SimulationClock(() => realNow);
  });

  it('fails only matching method and path', () => {
    const faults = injector();
    faults.setRules([{ method: 'post', path: '/v1/customers', status: 503 }]);
    expect(faults.decide('GET', '/v1/customers').fault).toBeUndefined();
    expect(faults.decide('POST', '/v1/products').fault).toBeUndefined();
    expect(faults.decide('POST', '/v1/customers').fault).toEqual({
      kind: 'fault',
      status: 503,
      ruleId: expect.stringMatching(/^fault_/),
    });
  });

  it('applies a rule to the next N matching requests only', () => {
    const faults = injector();
    faults.setRules([{ path: '/v1/**', count: 2 }]);
    expect(faults.decide('GET', '/v1/a').fault?.status).toBe(500);
    expect(faults.decide('GET', '/v1/b').fault?.status).toBe(500);
    expect(faults.decide('GET', '/v1/c').fault).toBeUndefined();
    expect(faults.view()).toEqual([]);
  });

  it('fails about errorRate of requests, identically for the same seed', () => {
    const run = (seed: number): boolean[] => {
      const faults = injector(seed);
      faults.setRules([{ path: '**', errorRate: 0.3 }]);
      return Array.from({ length: 1_000 }, () => faults.decide('GET', '/v1/x').fault !== undefined);
    };
    const first = run(5);
    expect(run(5)).toEqual(first);
    expect(run(6)).not.toEqual(first);
    const failures = first.filter(Boolean).length;
    expect(failures).toBeGreaterThan(220);
    expect(failures).toBeLessThan(380);
  });

  it('adds latency from every matching rule, with or without a failure', () => {
    const faults = injector();
    faults.setRules([
      { path: '/v1/*', latencyMs: 100, errorRate: 0 },
      { path: '**', latencyMs: 50, errorRate: 0 },
    ]);
    expect(faults.decide('GET', '/v1/x')).toEqual({ latencyMs: 150 });
  });

  it('sends Retry-After with an injected 429', () => {
    const faults = injector();
    faults.setRules([{ path: '**', status: 429, retryAfterSeconds: 7 }]);
    expect(faults.decide('GET', '/v1/x').fault?.retryAfterSeconds).toBe(7);
  });

  it('answers every request with 429 during a storm, until the clock passes its end', () => {
    const faults = injector();
    faults.startStorm(10_000, 3);
    expect(faults.decide('GET', '/anything').fault).toEqual({
      kind: 'storm',
      status: 429,
      retryAfterSeconds: 3,
    });
    clock.advance(9_999);
    expect(faults.storm().active).toBe(true);
    clock.advance(1);
    expect(faults.decide('GET', '/anything').fault).toBeUndefined();
    expect(faults.storm()).toEqual({ active: false, until: null, retryAfterSeconds: 3 });
  });

  it('shows rules with their counters and clears them', () => {
    const faults = injector();
    faults.setRules([{ path: /^\/v1/, errorRate: 0, count: 3, latencyMs: 1 }]);
    faults.decide('GET', '/v1/x');
    expect(faults.view()).toEqual([
      expect.objectContaining({ pathRegex: '^\\/v1', remaining: 2, matched: 1, injected: 0 }),
    ]);
    faults.clear();
    expect(faults.view()).toEqual([]);
  });
});

describe('parseFaultRules', () => {
  it('accepts globs and regular expressions', () => {
    const rules = parseFaultRules({
      rules: [
        { path: '/v1/*', status: 502, errorRate: 0.5, method: 'GET' },
        { pathRegex: '^/v1/inv', count: 1, latencyMs: 20 },
      ],
    });
    expect(rules[0]).toEqual({ path: '/v1/*', status: 502, errorRate: 0.5, method: 'GET' });
    expect(rules[1].path).toEqual(/^\/v1\/inv/);
  });

  it.each([
    [{}, 'rules'],
    [{ rules: [{}] }, 'rules.0.path'],
    [{ rules: [{ path: '/x', status: 404 }] }, 'rules.0.status'],
    [{ rules: [{ path: '/x', errorRate: 2 }] }, 'rules.0.errorRate'],
    [{ rules: [{ path: '/x', count: -1 }] }, 'rules.0.count'],
    [{ rules: [{ pathRegex: '(' }] }, 'rules.0.pathRegex'],
  ])('rejects %j naming %s', (body, field) => {
    try {
      parseFaultRules(body);
      throw new Error('expected a ValidationError');
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).fields[0].field).toBe(field);
    }
  });
});
