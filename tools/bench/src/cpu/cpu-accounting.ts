/** CPU milliseconds one process used over a window of wall-clock time. */
export interface CpuWindow {
  cpuMs: number;
  wallMs: number;
}

/** One process's share of a measured window, with its idle rate taken out. */
export interface ProcessCost {
  name: string;
  /** CPU ms over the window. */
  cpuMs: number;
  /** What the process would have used idle over the same wall time. */
  idleMs: number;
  /** (cpuMs − idleMs) / changes. Negative only when idle noise exceeds the work. */
  msPerChange: number;
}

/** CPU ms per wall-clock ms of a process at rest (its timers, polls and heartbeats). */
export function idleRate(idle: CpuWindow): number {
  return idle.wallMs > 0 ? Math.max(0, idle.cpuMs) / idle.wallMs : 0;
}

/** A process's CPU ms per change over a loaded window, its idle rate subtracted. */
export function costOf(
  name: string,
  loaded: CpuWindow,
  idle: CpuWindow,
  changes: number,
): ProcessCost {
  const idleMs = idleRate(idle) * loaded.wallMs;
  return {
    name,
    cpuMs: loaded.cpuMs,
    idleMs,
    msPerChange: changes > 0 ? (loaded.cpuMs - idleMs) / changes : Number.NaN,
  };
}

/** Per-process costs of a window plus the total over every process. */
export function costsOf(
  loaded: ReadonlyMap<string, CpuWindow>,
  idle: ReadonlyMap<string, CpuWindow>,
  changes: number,
): { processes: ProcessCost[]; totalMsPerChange: number } {
  const processes = [...loaded].map(([name, window]) =>
    costOf(name, window, idle.get(name) ?? { cpuMs: 0, wallMs: 0 }, changes),
  );
  return {
    processes,
    totalMsPerChange: processes.reduce((sum, p) => sum + p.msPerChange, 0),
  };
}

/** The difference of two CPU readings (ms by name) taken `wallMs` apart. */
export function windowBetween(
  before: ReadonlyMap<string, number>,
  after: ReadonlyMap<string, number>,
  wallMs: number,
): Map<string, CpuWindow> {
  const windows = new Map<string, CpuWindow>();
  for (const [name, end] of after) {
    const start = before.get(name);
    if (start !== undefined) windows.set(name, { cpuMs: end - start, wallMs });
  }
  return windows;
}
