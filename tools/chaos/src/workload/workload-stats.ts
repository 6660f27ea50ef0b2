import type { RetryCounter } from '../clients/retry';
import type { EntityKind, Owner } from './oracle';

export type Operation =
  'create' | 'update' | 'delete' | 'contest' | 'contest refused (412)' | 'edit';

/** What the workload did: operations by side, entity and kind, retries and failures. */
export class WorkloadStats {
  readonly operations = new Map<string, number>();
  readonly retries: Record<Owner, number> = { catalog: 0, stripe: 0, salesforce: 0, xero: 0 };
  readonly failures: string[] = [];
  /** Updates and deletes made by the side that did not write the record before. */
  handovers = 0;
  /** Handovers put off because the other side did not show the last write yet. */
  handoversDeferred = 0;

  get total(): number {
    let sum = 0;
    for (const count of this.operations.values()) sum += count;
    return sum;
  }

  count(side: Owner | 'both', kind: EntityKind, operation: Operation): void {
    const label = `${side} ${kind} ${operation}`;
    this.operations.set(label, (this.operations.get(label) ?? 0) + 1);
  }

  counterFor(side: Owner): RetryCounter {
    return { retried: () => (this.retries[side] += 1) };
  }
}
