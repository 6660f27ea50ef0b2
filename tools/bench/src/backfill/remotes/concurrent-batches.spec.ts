import { batchRanges, writeInBatches } from './concurrent-batches';

describe('batchRanges', () => {
  it('covers every record once, in batches of at most the size, the last one short', () => {
    expect(batchRanges(120, 50)).toEqual([
      [0, 50],
      [50, 100],
      [100, 120],
    ]);
    expect(batchRanges(0, 50)).toEqual([]);
  });
});

describe('writeInBatches', () => {
  it('writes every batch once, never more at a time than asked', async () => {
    const written: number[] = [];
    let inFlight = 0;
    let most = 0;
    await writeInBatches(1000, 200, 2, async (start, end) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      for (let i = start; i < end; i += 1) written.push(i);
      inFlight -= 1;
    });
    expect(written.sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(most).toBe(2);
  });
});
