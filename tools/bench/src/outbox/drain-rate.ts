/** A count of published records seen at a moment (ms). */
export interface DrainSample {
  atMs: number;
  count: number;
}

export interface DrainRate {
  /** Records published between the first sample that saw any and the one that saw them all. */
  records: number;
  seconds: number;
  perSecond: number;
}

/**
 * The drain rate of a backlog of `total` records from samples of how many were published:
 * measured from the first sample that saw records to the first that saw all of them, so neither
 * publisher's start-up (a JVM task resuming, a Node process booting) counts against it.
 */
export function drainRate(samples: readonly DrainSample[], total: number): DrainRate {
  const first = samples.find((sample) => sample.count > 0);
  const last = samples.find((sample) => sample.count >= total);
  if (!first || !last) {
    const seen = samples.at(-1)?.count ?? 0;
    throw new Error(`the backlog did not drain: ${seen} of ${total} records published`);
  }
  const records = last.count - first.count;
  const seconds = (last.atMs - first.atMs) / 1000;
  return {
    records,
    seconds,
    perSecond: seconds > 0 ? records / seconds : Number.POSITIVE_INFINITY,
  };
}
