import { SimulationClock } from './simulation-clock';

describe('SimulationClock', () => {
  let realNow: number;
  let clock: SimulationClock;

  beforeEach(() => {
    realNow = 1_700_000_000_000;
    clock = new SimulationClock(() => realNow);
  });

  it('follows real time until moved', () => {
    expect(clock.now()).toBe(1_700_000_000_000);
    realNow += 250;
    expect(clock.now()).toBe(1_700_000_000_250);
    expect(clock.nowSeconds()).toBe(1_700_000_000);
  });

  it('advances, keeps running from the new time, and resets to real time', () => {
    clock.advance(86_400_000);
    expect(clock.now()).toBe(1_700_086_400_000);
    realNow += 1_000;
    expect(clock.now()).toBe(1_700_086_401_000);
    clock.reset();
    expect(clock.now()).toBe(realNow);
  });

  it('sets an absolute time, also in the past', () => {
    clock.set(1_000_000);
    expect(clock.now()).toBe(1_000_000);
    expect(clock.snapshot()).toEqual({
      nowMs: 1_000_000,
      iso: '1970-01-01T00:16:40.000Z',
      offsetMs: 1_000_000 - realNow,
    });
  });

  it('rejects a negative or non-finite advance', () => {
    expect(() => clock.advance(-1)).toThrow(RangeError);
    expect(() => clock.advance(Number.NaN)).toThrow(RangeError);
    expect(() => clock.set(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  it('tells listeners about every jump until they unsubscribe', () => {
    const seen: number[] = [];
    const unsubscribe = clock.onChange(() => seen.push(clock.now()));
    clock.advance(10);
    clock.set(5);
    unsubscribe();
    clock.reset();
    expect(seen).toEqual([1_700_000_000_010, 5]);
  });
});
