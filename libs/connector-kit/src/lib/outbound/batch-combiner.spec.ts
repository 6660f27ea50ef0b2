import { BatchCombiner, HANDED_BACK, MAX_SNAPSHOT_HOLDS } from './batch-combiner';

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

  it('takes an absent maxInFlight as no limit', async () => {
    const endpoint = new BatchCombiner<number, number>(async (items) => items.map((i) => i * 10));
    const call = { maxSize: 1, lingerMs: 20, maxInFlight: undefined };

    const results = await Promise.all([
      endpoint.write('k', call, [1, 2]),
      endpoint.write('k', call, [3]),
    ]);

    expect(results).toEqual([[10, 20], [30]]);
  });

  it('without a linger sends each caller its own call', async () => {
    const { combiner, calls } = combinerWith(0);

    await Promise.all([combiner.write('k', 5, [1]), combiner.write('k', 5, [2])]);

    expect(calls).toEqual([[1], [2]]);
  });

  it('holds a partial call while a call of its key is out, then fills it from the partitions that answer unblocks', async () => {
    const calls: number[][] = [];
    const answers: Array<() => void> = [];
    const combiner = new BatchCombiner<number, number>((items) => {
      calls.push([...items]);
      // The call waits (for the rate budget, the provider) until the test answers it.
      return new Promise((resolve) => answers.push(() => resolve(items.map((i) => i * 10))));
    });
    const write = (items: number[]) => combiner.write('k', { maxSize: 3, lingerMs: 20 }, items);

    // Partition A fills one call and leaves one record; partition B waits for the full call.
    const partitionA = write([1, 2, 3, 4]);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(calls).toEqual([[1, 2, 3]]);

    // The full call answers: partition B (unblocked) brings two more within the next linger.
    answers.shift()?.();
    await new Promise((resolve) => setImmediate(resolve));
    const partitionB = write([5, 6]);

    expect(calls).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    answers.shift()?.();
    expect(await partitionA).toEqual([10, 20, 30, 40]);
    expect(await partitionB).toEqual([50, 60]);
  });

  it('sends a partial call once its linger is over and no call of its key is out', async () => {
    const { combiner, calls } = combinerWith(20);

    const results = await combiner.write('k', 3, [1, 2, 3, 4]);

    expect(calls).toEqual([[1, 2, 3], [4]]);
    expect(results).toEqual([10, 20, 30, 40]);
  });

  it('keeps at most maxInFlight calls of a key out, composing the next when one answers', async () => {
    const calls: number[][] = [];
    const answers: Array<() => void> = [];
    const combiner = new BatchCombiner<number, number>((items) => {
      calls.push([...items]);
      return new Promise((resolve) => answers.push(() => resolve(items.map((i) => i * 10))));
    });
    const call = { maxSize: 2, lingerMs: 20, maxInFlight: 1 };

    const first = combiner.write('k', call, [1, 2, 3]);
    const second = combiner.write('k', call, [4]);
    expect(calls).toEqual([[1, 2]]);

    answers.shift()?.();
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toEqual([
      [1, 2],
      [3, 4],
    ]);
    answers.shift()?.();
    expect(await first).toEqual([10, 20, 30]);
    expect(await second).toEqual([40]);
  });

  it('holds a partial call past its linger while announced records are still being checked', async () => {
    const calls: number[][] = [];
    const endpoint = new BatchCombiner<number, number>(async (items) => {
      calls.push([...items]);
      return items.map((item) => item * 10);
    });
    const call = { maxSize: 5, lingerMs: 20 };

    endpoint.announce('k', 3);
    const first = endpoint.write('k', call, [1]);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(calls).toEqual([]);

    // Two of the three announced arrive, the third is withdrawn (written without a call).
    const second = endpoint.write('k', call, [2, 3], { announced: true });
    expect(calls).toEqual([]);
    endpoint.withdraw('k', 1);

    expect(await Promise.all([first, second])).toEqual([[10], [20, 30]]);
    expect(calls).toEqual([[1, 2, 3]]);
  });

  it('fails every record of a call that fails', async () => {
    const combiner = new BatchCombiner<number, number>(async () => {
      throw new Error('endpoint down');
    });

    await expect(combiner.write('k', { maxSize: 5, lingerMs: 10 }, [1, 2])).rejects.toThrow(
      'endpoint down',
    );
  });

  describe('a short call whose records have a backlog behind them in the log', () => {
    function endpointWithCalls() {
      const calls: number[][] = [];
      const endpoint = new BatchCombiner<number, number>(async (items) => {
        calls.push([...items]);
        return items.map((item) => item * 10);
      });
      return { endpoint, calls };
    }
    const call = { maxSize: 3, lingerMs: 10, maxInFlight: 1 };

    it('hands those records back instead of sending it, and sends the full calls', async () => {
      const { endpoint, calls } = endpointWithCalls();
      const asked: string[] = [];
      const behind = async () => {
        asked.push('partition 1');
        return true;
      };

      const [withBacklog, without] = await Promise.all([
        endpoint.write('k', call, [1, 2, 3, 4], { backlogBehind: behind }),
        endpoint.write('k', call, [5]),
      ]);

      // 1, 2, 3 fill a call; 4 waits with 5 and is handed back; 5 has nothing behind: it goes.
      expect(calls).toEqual([[1, 2, 3], [5]]);
      expect(withBacklog).toEqual([10, 20, 30, HANDED_BACK]);
      expect(without).toEqual([50]);
      // One question per batch, asked once the full call had answered.
      expect(asked).toEqual(['partition 1']);
    });

    it('sends them when nothing was written behind them', async () => {
      const { endpoint, calls } = endpointWithCalls();

      const results = await endpoint.write('k', call, [1, 2], {
        backlogBehind: async () => false,
      });

      expect(calls).toEqual([[1, 2]]);
      expect(results).toEqual([10, 20]);
    });

    it('sends them when the question fails (a record is never stuck on it)', async () => {
      const { endpoint, calls } = endpointWithCalls();

      const results = await endpoint.write('k', call, [1], {
        backlogBehind: () => Promise.reject(new Error('broker away')),
      });

      expect(calls).toEqual([[1]]);
      expect(results).toEqual([10]);
    });

    it('hands back nothing when records handed in meanwhile fill the call', async () => {
      const { endpoint, calls } = endpointWithCalls();
      let answer: (behind: boolean) => void = () => undefined;
      const first = endpoint.write('k', call, [1, 2], {
        backlogBehind: () => new Promise<boolean>((resolve) => (answer = resolve)),
      });
      await new Promise((resolve) => setTimeout(resolve, 30));
      const second = endpoint.write('k', call, [3]);
      answer(true);

      expect(await Promise.all([first, second])).toEqual([[10, 20], [30]]);
      expect(calls).toEqual([[1, 2, 3]]);
    });

    describe('of a snapshot that goes on (its next page not written yet)', () => {
      it('lingers again rather than going out short, and hands the records back once the page is there', async () => {
        const { endpoint, calls } = endpointWithCalls();
        let pageWritten = false;
        let asked = 0;
        const behind = async () => {
          asked += 1;
          return pageWritten;
        };

        const results = endpoint.write('k', call, [1, 2], {
          backlogBehind: behind,
          moreFollows: true,
        });
        await new Promise((resolve) => setTimeout(resolve, 45));
        expect(calls).toEqual([]);
        expect(asked).toBeGreaterThan(1);
        pageWritten = true;

        expect(await results).toEqual([HANDED_BACK, HANDED_BACK]);
        expect(calls).toEqual([]);
      });

      it('lingers again as well when it was left behind a full call that answered meanwhile', async () => {
        const calls: number[][] = [];
        const answers: Array<() => void> = [];
        const endpoint = new BatchCombiner<number, number>((items) => {
          calls.push([...items]);
          return new Promise((resolve) => answers.push(() => resolve(items.map((i) => i * 10))));
        });
        let pageWritten = false;
        const results = endpoint.write('k', call, [1, 2, 3, 4], {
          backlogBehind: async () => pageWritten,
          moreFollows: true,
        });
        await new Promise((resolve) => setTimeout(resolve, 25));
        expect(calls).toEqual([[1, 2, 3]]);

        // The full call answers with nothing written behind yet: 4 does not go out alone.
        answers.shift()?.();
        await new Promise((resolve) => setTimeout(resolve, 45));
        expect(calls).toEqual([[1, 2, 3]]);
        pageWritten = true;

        expect(await results).toEqual([10, 20, 30, HANDED_BACK]);
        expect(calls).toEqual([[1, 2, 3]]);
      });

      it('is filled by the records that come meanwhile', async () => {
        const { endpoint, calls } = endpointWithCalls();
        const first = endpoint.write('k', call, [1, 2], {
          backlogBehind: async () => false,
          moreFollows: true,
        });
        await new Promise((resolve) => setTimeout(resolve, 25));
        const second = endpoint.write('k', call, [3]);

        expect(await Promise.all([first, second])).toEqual([[10, 20], [30]]);
        expect(calls).toEqual([[1, 2, 3]]);
      });

      it(`goes out short after ${MAX_SNAPSHOT_HOLDS} more lingers when the page never comes`, async () => {
        const { endpoint, calls } = endpointWithCalls();
        let asked = 0;

        const results = await endpoint.write('k', call, [1, 2], {
          backlogBehind: async () => {
            asked += 1;
            return false;
          },
          moreFollows: true,
        });

        expect(results).toEqual([10, 20]);
        expect(calls).toEqual([[1, 2]]);
        expect(asked).toBe(MAX_SNAPSHOT_HOLDS + 1);
      });

      it("goes out short at its linger with a record of the snapshot's last page", async () => {
        const { endpoint, calls } = endpointWithCalls();
        const behind = async () => false;

        const [going, last] = await Promise.all([
          endpoint.write('k', call, [1], { backlogBehind: behind, moreFollows: true }),
          endpoint.write('k', call, [2], { backlogBehind: behind }),
        ]);

        expect([going, last]).toEqual([[10], [20]]);
        expect(calls).toEqual([[1, 2]]);
      });
    });

    it('never hands back when the writer does not linger', async () => {
      const { endpoint, calls } = endpointWithCalls();

      const results = await endpoint.write('k', { maxSize: 3, lingerMs: 0 }, [1], {
        backlogBehind: async () => true,
      });

      expect(calls).toEqual([[1]]);
      expect(results).toEqual([10]);
    });
  });
});
