import { parseProcStat, type ProcStat, treeTicks } from './proc-stat';

const line = (pid: number, ppid: number, name: string, times: [number, number, number, number]) =>
  `${pid} (${name}) S ${ppid} 1 1 0 -1 4194304 101 0 0 0 ${times.join(' ')} 20 0 1 0 38195 3133440 387`;

describe('parseProcStat', () => {
  it('reads ppid and user+system time, of the process and of its reaped children', () => {
    expect(parseProcStat(line(42, 7, 'node', [120, 30, 5, 1]))).toEqual({
      pid: 42,
      ppid: 7,
      ownTicks: 150,
      reapedChildTicks: 6,
    });
  });

  it('counts fields from the last parenthesis, so a name with spaces and parentheses parses', () => {
    const stat = parseProcStat(line(9, 1, 'postgres: bench (x) idle', [1, 2, 3, 4]));
    expect(stat).toMatchObject({ pid: 9, ppid: 1, ownTicks: 3, reapedChildTicks: 7 });
  });

  it('names what is wrong with a line that is not a stat line', () => {
    expect(() => parseProcStat('garbage')).toThrow(/not a \/proc\/<pid>\/stat line/);
  });
});

describe('treeTicks', () => {
  const stats = (entries: ProcStat[]): Map<number, ProcStat> =>
    new Map(entries.map((s) => [s.pid, s]));

  it('sums the root, its reaped children and every live descendant, and nothing else', () => {
    const tree = stats([
      { pid: 10, ppid: 1, ownTicks: 100, reapedChildTicks: 40 },
      { pid: 11, ppid: 10, ownTicks: 7, reapedChildTicks: 0 },
      { pid: 12, ppid: 11, ownTicks: 3, reapedChildTicks: 0 },
      { pid: 20, ppid: 1, ownTicks: 999, reapedChildTicks: 0 },
    ]);
    expect(treeTicks(10, tree)).toBe(150);
    expect(treeTicks(11, tree)).toBe(10);
  });

  it('is 0 for a process that is gone', () => {
    expect(treeTicks(5, stats([]))).toBe(0);
  });
});
