/** `[start, end)` ranges of at most `batchSize` covering `0..count`, in order. */
export function batchRanges(count: number, batchSize: number): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (let start = 0; start < count; start += batchSize)
    ranges.push([start, Math.min(count, start + batchSize)]);
  return ranges;
}

/**
 * Writes `count` records in batches of `batchSize`, `concurrency` batches at a time; resolves
 * with the records written per second.
 */
export async function writeInBatches(
  count: number,
  batchSize: number,
  concurrency: number,
  write: (start: number, end: number) => Promise<void>,
): Promise<number> {
  const ranges = batchRanges(count, batchSize);
  const started = performance.now();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < ranges.length) {
      const [start, end] = ranges[next] as [number, number];
      next += 1;
      await write(start, end);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, ranges.length) }, worker));
  return (count * 1000) / Math.max(1, performance.now() - started);
}
