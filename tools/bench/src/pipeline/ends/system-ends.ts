import type { BenchSystem } from '../../cli/bench-options';
import type { BenchTenant, BenchWorld } from '../../world/bench-world';

/** Told when a tagged customer shows up on the far side, and when. */
export type Arrived = (tag: string, at: number) => void;

/**
 * The two ends of the pipeline for one external system: how a tenant is connected to it, how a
 * customer created in the catalog is seen arriving there (outbound), and how a person creates a
 * customer there (inbound; its arrival is the catalog event, watched by the rig). A change is
 * tagged by a unique email-like text, carried as the email and in the name (`Bench <tag>`), since
 * a Salesforce Account has no email.
 */
export interface SystemEnds {
  readonly system: BenchSystem;
  /** What one outbound change is, and when it counts as arrived. */
  readonly outboundWhat: string;
  readonly inboundWhat: string;
  /** The name a tagged customer is created with (in the catalog or the system). */
  customerName(tag: string, index: number): string;
  /** Connects every tenant (customers, both ways) and starts watching the system. */
  start(world: BenchWorld, tenants: BenchTenant[], arrived: Arrived): Promise<void>;
  /** A customer created in the system by a person, tagged (change `index`: tenant index % n). */
  createExternal(index: number, tag: string): Promise<void>;
  stop(): Promise<void>;
}

/** Polls `read` every `everyMs` until stopped; errors are retried at the next tick. */
export class Poller {
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly everyMs: number,
    private readonly read: () => Promise<void>,
  ) {}

  start(): void {
    const tick = async (): Promise<void> => {
      if (this.stopped) return;
      await this.read().catch(() => undefined);
      if (!this.stopped) this.timer = setTimeout(() => void tick(), this.everyMs);
    };
    void tick();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }
}
