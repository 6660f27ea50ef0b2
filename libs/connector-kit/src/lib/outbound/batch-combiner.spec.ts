import { BatchCombiner } from './batch-combiner';

/** A combiner over a fake endpoint that records each call's items and answers `item * 10`. */
function combinerWith(lingerMs: number) {
  const calls: number[][] = [];
  const endpoint = new BatchCombiner<number, number>(async (items) => {
    calls.push([...items]);
    return items.map((item) => item * 10);
  });
  const combiner = {
    write: (key: string, maxSize: number, items: number[]) =>
      endpoint.write(key, { maxSize, lingerMs }, items),
  };
  return { combiner, calls };
}

describe('BatchCombiner', () => {
  it('merges records handed in at the same time into one call, each caller getting its own results', async () => {
    const { combiner, calls } = combinerWith(20);

    const [first, second] = await Promise.all([
      combiner.write('tenant:customer:live', 5, [1, 2]),
      combiner.write('tenant:customer:live', 5, [3]),
    ]);

    expect(calls).toEqual([[1, 2, 3]]);
    expect(first).toEqual([10, 20]);
    expect(second).toEqual([30]);
  });

  it('sends a full call at once and never more than the maximum in one call', async () => {
    const { combiner, calls } = combinerWith(20);

    const results = await Promise.all([
      combiner.write('k', 2, [1, 2, 3]),
      combiner.write('k', 2, [4]),
    ]);

    expect(calls).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(results).toEqual([[10, 20, 30], [40]]);
  });

  it('keeps different keys (connections, entity types, lanes) in different calls', async () => {
    const { combiner, calls } = combinerWith(20);

    await Promise.all([combiner.write('a', 5, [1]), combiner.write('b', 5, [2])]);

    expect(calls).toEqual([[1], [2]]);
  });

  it('without a linger sends each caller its own call', async () => {
    const { combiner, calls } = combinerWith(0);

    await Promise.all([combiner.write('k', 5, [1]), combiner.write('k', 5, [2])]);

    expect(calls).toEqual([[1], [2]]);
  });

  it('fails every record of a call that fails', async () => {
    const combiner = new BatchCombiner<number, number>(async () => {
      throw new Error('endpoint down');
    });

    await expect(combiner.write('k', { maxSize: 5, lingerMs: 10 }, [1, 2])).rejects.toThrow(
      'endpoint down',
    );
  });
});
