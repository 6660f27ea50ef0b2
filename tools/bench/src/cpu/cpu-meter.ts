import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

import { type CpuWindow, windowBetween } from './cpu-accounting';
import { parseProcStat, type ProcStat, treeTicks } from './proc-stat';

/** A process the bench accounts for: a name and the pid of the root of its process tree. */
export interface MeteredProcess {
  name: string;
  /** Read at every sample (a restarted process changes pid); undefined when not running. */
  pid(): number | undefined;
  /** Only the process itself, not its children (the bench, whose children are the apps). */
  alone?: boolean;
}

let ticksPerSecond: number | undefined;

function clockTicksPerSecond(): number {
  if (ticksPerSecond === undefined) {
    const answer = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim());
    ticksPerSecond = Number.isFinite(answer) && answer > 0 ? answer : 100;
  }
  return ticksPerSecond;
}

/** Every process's stat line on the machine, by pid (processes that vanish mid-read are skipped). */
function readAllStats(): Map<number, ProcStat> {
  const stats = new Map<number, ProcStat>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = parseProcStat(readFileSync(`/proc/${entry}/stat`, 'utf8'));
      stats.set(stat.pid, stat);
    } catch {
      // exited while we read
    }
  }
  return stats;
}

/**
 * Reads user plus system CPU time of named process trees from /proc (Linux only): a reading is
 * the ms each tree used since it started, and two readings make a window.
 */
export class CpuMeter {
  constructor(private readonly processes: () => readonly MeteredProcess[]) {}

  /** CPU ms so far per process tree, with the wall-clock time of the reading. */
  read(): { atMs: number; cpuMs: Map<string, number> } {
    const stats = readAllStats();
    const msPerTick = 1000 / clockTicksPerSecond();
    const cpuMs = new Map<string, number>();
    for (const process of this.processes()) {
      const pid = process.pid();
      const stat = pid === undefined ? undefined : stats.get(pid);
      if (pid === undefined || !stat) continue;
      const ticks = process.alone ? stat.ownTicks : treeTicks(pid, stats);
      cpuMs.set(process.name, ticks * msPerTick);
    }
    return { atMs: performance.now(), cpuMs };
  }

  /** Runs `work` between two readings and returns each tree's CPU window with the work's result. */
  async around<T>(work: () => Promise<T>): Promise<{ result: T; windows: Map<string, CpuWindow> }> {
    const before = this.read();
    const result = await work();
    const after = this.read();
    return { result, windows: windowBetween(before.cpuMs, after.cpuMs, after.atMs - before.atMs) };
  }
}
