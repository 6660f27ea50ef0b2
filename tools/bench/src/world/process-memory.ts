import { readFileSync } from 'node:fs';

/** Peak resident memory (VmHWM) of a Linux process in MiB, or NaN when it cannot be read. */
export function peakResidentMiB(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(status);
    return match ? Number(match[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/**
 * Samples VmHWM of named processes every `intervalMs` and keeps the highest seen, so the peak
 * survives a process that exits before the bench reads it last.
 */
export class PeakMemorySampler {
  private readonly peakByName = new Map<string, number>();
  private timer?: NodeJS.Timeout;

  constructor(private readonly processes: () => ReadonlyArray<{ name: string; pid: number }>) {}

  start(intervalMs = 500): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  /** The peak per process so far, in MiB. */
  peaks(): Record<string, number> {
    return Object.fromEntries(this.peakByName);
  }

  /** Stops sampling and returns the peak per process, in MiB. */
  stop(): Record<string, number> {
    clearInterval(this.timer);
    this.sample();
    return Object.fromEntries(this.peakByName);
  }

  private sample(): void {
    for (const { name, pid } of this.processes()) {
      const peak = peakResidentMiB(pid);
      if (Number.isFinite(peak))
        this.peakByName.set(name, Math.max(peak, this.peakByName.get(name) ?? 0));
    }
  }
}
