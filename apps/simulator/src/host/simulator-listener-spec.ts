import { RequestListener } from 'node:http';

/** One simulated system served on its own port (Stripe today; Salesforce and Xero next). */
export interface SimulatorListenerSpec {
  name: string;
  host: string;
  port: number;
  handler: RequestListener;
  /** Details logged once it listens (e.g. the seed, to reproduce a run). */
  describe(): Record<string, unknown>;
  /** Releases the simulator's own resources (webhook timers). */
  close(): void;
}
