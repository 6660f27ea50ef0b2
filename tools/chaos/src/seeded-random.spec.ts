import { SeededRandom } from './seeded-random';

describe('SeededRandom', () => {
  it('replays the same draws for the same seed and differs for another', () => {
    const draws = (seed: number) => {
      const random = new SeededRandom(seed);
      return Array.from({ length: 5 }, () => random.int(0, 1000));
    };
    expect(draws(7)).toEqual(draws(7));
    expect(draws(7)).not.toEqual(draws(8));
  });

  it('keeps ints within bounds and shuffles without losing items', () => {
    const random = new SeededRandom(1);
    for (let i = 0; i < 200; i += 1) {
      const n = random.int(3, 5);
      expect(n).toBeGreaterThanOrEqual(3);
      expect(n).toBeLessThanOrEqual(5);
    }
    expect(random.shuffle([1, 2, 3, 4, 5]).sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it('gives forks their own streams, so draws of one concern do not shift another', () => {
    const a = new SeededRandom(42);
    const b = new SeededRandom(42);
    const faultsA = a.fork('faults');
    a.fork('workload').next();
    expect(faultsA.next()).toBe(b.fork('faults').next());
    expect(new SeededRandom(42).fork('x').next()).not.toBe(new SeededRandom(42).fork('y').next());
  });
});
