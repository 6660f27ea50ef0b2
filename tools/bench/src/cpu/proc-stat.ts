/** The fields of `/proc/<pid>/stat` the bench's CPU accounting needs (times in clock ticks). */
export interface ProcStat {
  pid: number;
  ppid: number;
  /** User plus system time of the process itself. */
  ownTicks: number;
  /** User plus system time of its children that have exited and been waited for. */
  reapedChildTicks: number;
}

/**
 * Parses one `/proc/<pid>/stat` line. The command name (field 2) is in parentheses and may hold
 * spaces or parentheses itself, so the fields are counted from the last `)`.
 */
export function parseProcStat(line: string): ProcStat {
  const open = line.indexOf('(');
  const close = line.lastIndexOf(')');
  if (open < 0 || close < open)
    throw new Error(`not a /proc/<pid>/stat line: ${line.slice(0, 80)}`);
  // After the name: state(3) ppid(4) ... utime(14) stime(15) cutime(16) cstime(17).
  const rest = line
    .slice(close + 2)
    .trim()
    .split(/\s+/);
  const field = (n: number): number => {
    const value = Number(rest[n - 3]);
    if (!Number.isFinite(value)) throw new Error(`/proc/<pid>/stat field ${n} is not a number`);
    return value;
  };
  return {
    pid: Number(line.slice(0, open).trim()),
    ppid: field(4),
    ownTicks: field(14) + field(15),
    reapedChildTicks: field(16) + field(17),
  };
}

/**
 * CPU ticks of `root` and every descendant alive now, plus what its exited children left in its
 * own counters. A child that exits between two readings moves its time into its parent's
 * `reapedChildTicks`, so the difference of two readings counts it once: a PostgreSQL backend that
 * came and went during the window is not lost.
 */
export function treeTicks(root: number, stats: ReadonlyMap<number, ProcStat>): number {
  const children = new Map<number, number[]>();
  for (const stat of stats.values()) {
    const siblings = children.get(stat.ppid) ?? [];
    siblings.push(stat.pid);
    children.set(stat.ppid, siblings);
  }
  let ticks = 0;
  const pending = [root];
  const seen = new Set<number>();
  while (pending.length > 0) {
    const pid = pending.pop() as number;
    const stat = stats.get(pid);
    if (!stat || seen.has(pid)) continue;
    seen.add(pid);
    ticks += stat.ownTicks + stat.reapedChildTicks;
    pending.push(...(children.get(pid) ?? []));
  }
  return ticks;
}
