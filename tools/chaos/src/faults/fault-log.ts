import type { FaultKind } from './fault-plan';

export interface InjectedFault {
  kind: FaultKind;
  startedAt: number;
  endedAt: number;
}

/** Every fault injected, with when it started and when recovery finished. */
export class FaultLog {
  readonly injected: InjectedFault[] = [];
  readonly errors: string[] = [];

  record(kind: FaultKind, startedAt: number): void {
    this.injected.push({ kind, startedAt, endedAt: Date.now() });
  }

  countByKind(): Map<FaultKind, number> {
    const counts = new Map<FaultKind, number>();
    for (const fault of this.injected) counts.set(fault.kind, (counts.get(fault.kind) ?? 0) + 1);
    return counts;
  }

  has(kind: FaultKind): boolean {
    return this.injected.some((fault) => fault.kind === kind);
  }
}
