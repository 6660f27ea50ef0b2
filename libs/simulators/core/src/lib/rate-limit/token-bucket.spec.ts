import { SimulationClock } from '../clock/simulation-clock';
import { AccountRateLimiter } from './account-rate-limiter';
import { TokenBucket } from './token-bucket';

describe('TokenBucket', () => {
  let clock: SimulationClock;

  beforeEach(() => {
    clock = new SimulationClock(() => 0);
  });

  it('allows a burst up to capacity, then refuses with the wait for the next token', () => {
    const bucket = new TokenBucket(clock, 25, 25);
    for (let i = 0; i < 25; i += 1) expect(bucket.tryTake().allowed).toBe(true);
    expect(bucket.tryTake()).toEqual({ allowed: false, retryAfterMs: 40, remaining: 0 });
  });

  it('refills at the configured rate on the simulation clock, never above capacity', () => {
    const bucket = new TokenBucket(clock, 10, 10);
    for (let i = 0; i < 10; i += 1) bucket.tryTake();
    clock.advance(500);
    for (let i = 0; i < 5; i += 1) expect(bucket.tryTake().allowed).toBe(true);
    expect(bucket.tryTake().allowed).toBe(false);
    clock.advance(60_000);
    expect(bucket.tryTake().remaining).toBe(9);
  });

  it('neither mints nor loses tokens when the clock is set backwards', () => {
    const bucket = new TokenBucket(clock, 2, 1);
    bucket.tryTake();
    bucket.tryTake();
    clock.set(-10_000);
    expect(bucket.tryTake().allowed).toBe(false);
    clock.advance(1_000);
    expect(bucket.tryTake().allowed).toBe(true);
  });
});

describe('AccountRateLimiter', () => {
  it('is off by default and limits each account separately when on', () => {
    const clock = new SimulationClock(() => 0);
    const limiter = new AccountRateLimiter(clock);
    for (let i = 0; i < 100; i += 1) expect(limiter.take('a').allowed).toBe(true);
    limiter.configure({ enabled: true, perSecond: 2 });
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
    expect(limiter.take('b').allowed).toBe(true);
    expect(limiter.view()).toEqual({ enabled: true, perSecond: 2 });
    expect(() => limiter.configure({ perSecond: 0 })).toThrow(RangeError);
  });
});
