import { drainRate } from './drain-rate';

describe('drainRate', () => {
  it('counts from the first sample that saw records to the first that saw them all', () => {
    const samples = [
      { atMs: 0, count: 0 },
      { atMs: 500, count: 0 },
      { atMs: 1000, count: 100 },
      { atMs: 2000, count: 600 },
      { atMs: 3000, count: 1100 },
      { atMs: 3500, count: 1100 },
    ];
    expect(drainRate(samples, 1100)).toEqual({ records: 1000, seconds: 2, perSecond: 500 });
  });

  it('names how far it got when the backlog never drained', () => {
    const samples = [
      { atMs: 0, count: 10 },
      { atMs: 1000, count: 40 },
    ];
    expect(() => drainRate(samples, 100)).toThrow('the backlog did not drain: 40 of 100');
  });
});
