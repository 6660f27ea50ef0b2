import { SeededRandom } from './seeded-random';

describe('SeededRandom', () => {
  const draw = (random: SeededRandom, stream: string, n = 5): number[] =>
    Array.from({ length: n }, () => random.stream(stream).next());

  it('repeats the same sequence for the same seed', () => {
    expect(draw(new SeededRandom(42), 'ids')).toEqual(draw(new SeededRandom(42), 'ids'));
    expect(draw(new SeededRandom(42), 'ids')).not.toEqual(draw(new SeededRandom(43), 'ids'));
  });

  it('keeps named streams independent of each other', () => {
    const a = new SeededRandom(7);
    const b = new SeededRandom(7);
    draw(b, 'webhooks', 100);
    expect(draw(a, 'ids')).toEqual(draw(b, 'ids'));
    expect(draw(new SeededRandom(7), 'ids')).not.toEqual(draw(new SeededRandom(7), 'faults'));
  });

  it('restarts every stream on seed(n)', () => {
    const random = new SeededRandom(1);
    const first = draw(random, 'ids');
    draw(random, 'faults');
    random.seed(1);
    expect(draw(random, 'ids')).toEqual(first);
    expect(random.currentSeed).toBe(1);
  });

  it('draws values in range and strings from the alphabet', () => {
    const stream = new SeededRandom(3).stream('x');
    for (let i = 0; i < 1_000; i += 1) {
      const value = stream.next();
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
      expect(stream.int(10)).toBeLessThan(10);
    }
    expect(stream.string(14)).toMatch(/^[0-9A-Za-z]{14}$/);
    expect(stream.string(6, 'AB')).toMatch(/^[AB]{6}$/);
    expect(stream.chance(0)).toBe(false);
    expect(stream.chance(1)).toBe(true);
  });

  it('shuffles to a permutation, reproducibly', () => {
    const items = [1, 2, 3, 4, 5, 6, 7, 8];
    const shuffled = new SeededRandom(9).stream('s').shuffle(items);
    expect([...shuffled].sort((a, b) => a - b)).toEqual(items);
    expect(new SeededRandom(9).stream('s').shuffle(items)).toEqual(shuffled);
  });

  it('rejects a non-integer seed', () => {
    expect(() => new SeededRandom(1).seed(1.5)).toThrow(RangeError);
  });
});
