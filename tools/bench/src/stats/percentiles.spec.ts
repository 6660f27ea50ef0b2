import { growthExponent, percentile, ratePerSecond, summarize } from './percentiles';

describe('percentile (nearest rank)', () => {
  const oneToHundred = Array.from({ length: 100 }, (_, i) => i + 1);

  it('picks the sample at the rank, never interpolating', () => {
    expect(percentile(oneToHundred, 50)).toBe(50);
    expect(percentile(oneToHundred, 95)).toBe(95);
    expect(percentile(oneToHundred, 99)).toBe(99);
    expect(percentile(oneToHundred, 100)).toBe(100);
    expect(percentile([10, 20, 30], 50)).toBe(20);
    expect(percentile([10, 20, 30], 99)).toBe(30);
  });

  it('is the minimum at 0 and NaN without samples', () => {
    expect(percentile(oneToHundred, 0)).toBe(1);
    expect(percentile([], 50)).toBeNaN();
  });

  it('refuses a percentile outside 0..100', () => {
    expect(() => percentile(oneToHundred, 101)).toThrow(RangeError);
  });
});

describe('summarize', () => {
  it('sorts the samples and reports p50, p95, p99, max and mean', () => {
    const samples = [5, 1, 4, 2, 3];
    expect(summarize(samples)).toEqual({ count: 5, p50: 3, p95: 5, p99: 5, max: 5, mean: 3 });
    expect(samples).toEqual([5, 1, 4, 2, 3]);
  });

  it('lets one slow sample in a hundred show at p99 but not at p95', () => {
    const samples = [...Array.from({ length: 99 }, () => 10), 900];
    const summary = summarize(samples);
    expect([summary.p50, summary.p95, summary.p99, summary.max]).toEqual([10, 10, 10, 900]);
    const twoSlow = summarize([...Array.from({ length: 98 }, () => 10), 900, 900]);
    expect(twoSlow.p99).toBe(900);
  });
});

describe('ratePerSecond', () => {
  it('counts only the window, half-open, per second', () => {
    const timestamps = [0, 500, 1000, 1500, 2000, 2500, 3000];
    expect(ratePerSecond(timestamps, 1000, 3000)).toBe(2);
    expect(ratePerSecond(timestamps, 0, 500)).toBe(2);
  });

  it('refuses an empty window', () => {
    expect(() => ratePerSecond([1], 5, 5)).toThrow(RangeError);
  });
});

describe('growthExponent', () => {
  it('is 1 for linear, 2 for quadratic growth', () => {
    expect(growthExponent({ size: 10, seconds: 3 }, { size: 100, seconds: 30 })).toBeCloseTo(1);
    expect(growthExponent({ size: 10, seconds: 1 }, { size: 100, seconds: 100 })).toBeCloseTo(2);
  });
});
